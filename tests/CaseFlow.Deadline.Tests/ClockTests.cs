using CaseFlow.Deadline.Clocks;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Deadline.Tests;

public sealed class ClockTests
{
    private DeadlineDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await DeadlineDatabase.CreateAsync(Cst(2026, 9, 29, 10, 0));

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task A_started_clock_is_read_back_with_its_due_and_yellow_moments()
    {
        var started = await Start("case:2026-0101:committed", 5);

        var read = (await _database.Send(new GetClock(started.Id))).Value;

        read.Kind.ShouldBe(ClockKind.Committed);
        read.State.ShouldBe(ClockState.Running);
        read.DueAt.ShouldBe(Cst(2026, 10, 12, 17, 30));
        read.WarnAt.ShouldBe(Cst(2026, 10, 10, 17, 30));
    }

    [Test]
    public async Task Pause_resume_and_extension_over_national_day_recompute_the_due_moment_exactly()
    {
        var clock = await Start("case:2026-0102:statutory", 5, Cst(2026, 9, 29, 10, 0));

        _database.Time.SetUtcNow(Cst(2026, 9, 30, 15, 0));
        var paused = await Change(new PauseClock(clock.Id, PauseReason.Supplement, "补正告知书 2026-0102-1"));
        _database.Time.SetUtcNow(Cst(2026, 10, 9, 10, 0));
        var resumed = await Change(new ResumeClock(clock.Id));
        _database.Time.SetUtcNow(Cst(2026, 10, 12, 9, 0));
        var extended = await Change(new ExtendClock(clock.Id, Joint: false, "局长 张三", "需现场核查"));

        paused.State.ShouldBe(ClockState.Paused);
        paused.DueAt.ShouldBe(Cst(2026, 10, 12, 17, 30));
        resumed.DueAt.ShouldBe(Cst(2026, 10, 14, 17, 30));
        resumed.Pauses.ShouldHaveSingleItem().ShouldBe(new ClockPauseDto(PauseReason.Supplement, "补正告知书 2026-0102-1", Cst(2026, 9, 30, 15, 0), Cst(2026, 10, 9, 10, 0)));
        extended.ExtensionDays.ShouldBe(10);
        extended.DueAt.ShouldBe(Cst(2026, 10, 28, 17, 30));
        extended.WarnAt.ShouldBe(Cst(2026, 10, 23, 17, 30));
        (await _database.Send(new GetClock(clock.Id))).Value.ShouldBeEquivalentTo(extended);
    }

    [Test]
    public async Task A_joint_extension_adds_fifteen_working_days()
    {
        var clock = await Start("case:2026-0103:committed", 5, Cst(2026, 3, 2, 9, 0));

        var extended = await Change(new ExtendClock(clock.Id, Joint: true, "主任 李四", "联办"));

        extended.ExtensionDays.ShouldBe(15);
        extended.Extension!.Joint.ShouldBeTrue();
        // 2026-03-02 + 20 working days, no holiday in between.
        extended.DueAt.ShouldBe(Cst(2026, 3, 30, 17, 30));
    }

    [Test]
    public async Task A_second_extension_is_refused_with_a_clear_error()
    {
        var clock = await Start("case:2026-0104:committed", 5);
        await Change(new ExtendClock(clock.Id, Joint: false, "局长 张三", "需现场核查"));

        var second = await _database.Send(new ExtendClock(clock.Id, Joint: true, "局长 张三", "再延一次"));

        second.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        second.Error.Code.ShouldBe("clock.already-extended");
        second.Error.Message.ShouldContain("only once");
        (await _database.Send(new GetClock(clock.Id))).Value.ExtensionDays.ShouldBe(10);
    }

    [Test]
    public async Task Resuming_a_running_clock_and_pausing_a_stopped_one_are_conflicts()
    {
        var clock = await Start("task:6f1c0d7e-0000-4000-8000-000000000105", 3);

        var resume = await _database.Send(new ResumeClock(clock.Id));
        await Change(new StopClock(clock.Id));
        var pause = await _database.Send(new PauseClock(clock.Id, PauseReason.Hearing, "听证通知书 1"));
        var stopAgain = await _database.Send(new StopClock(clock.Id));

        resume.Error!.Code.ShouldBe("clock.not-paused");
        pause.Error!.Code.ShouldBe("clock.stopped");
        stopAgain.Error!.Kind.ShouldBe(ErrorKind.Conflict);
    }

    [Test]
    public async Task Pausing_a_paused_clock_is_a_conflict_and_stopping_it_closes_the_pause()
    {
        var clock = await Start("case:2026-0106:committed", 5);
        await Change(new PauseClock(clock.Id, PauseReason.ExpertReview, "专家评审告知书 7"));

        var again = await _database.Send(new PauseClock(clock.Id, PauseReason.Inspection, "检验告知书 8"));
        var stopped = await Change(new StopClock(clock.Id));

        again.Error!.Code.ShouldBe("clock.already-paused");
        stopped.State.ShouldBe(ClockState.Stopped);
        stopped.Pauses.ShouldHaveSingleItem().ResumedAt.ShouldBe(stopped.StoppedAt);
    }

    [Test]
    public async Task Starting_the_same_clock_again_returns_it_and_a_different_limit_is_a_conflict()
    {
        var first = await Start("case:2026-0107:committed", 5);

        var again = await _database.Send(new StartClock("case:2026-0107:committed", 5, first.StartedAt));
        var different = await _database.Send(new StartClock("case:2026-0107:committed", 8));

        again.Value.Id.ShouldBe(first.Id);
        different.Error!.Code.ShouldBe("clock.already-started");
    }

    [Test]
    public async Task An_unknown_clock_is_not_found()
    {
        var result = await _database.Send(new PauseClock(Guid.NewGuid(), PauseReason.PublicNotice, "公示 1"));

        result.Error!.Kind.ShouldBe(ErrorKind.NotFound);
    }

    private async Task<ClockDto> Start(string ownerKey, int days, DateTimeOffset? startedAt = null) =>
        (await _database.Send(new StartClock(ownerKey, days, startedAt ?? Cst(2026, 9, 29, 10, 0)))).Value;

    private async Task<ClockDto> Change(Kernel.Messaging.IRequest<Result<ClockDto>> request) => (await _database.Send(request)).Value;

    private static DateTimeOffset Cst(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, ClockSchedule.ChinaStandardTime).ToUniversalTime();
}
