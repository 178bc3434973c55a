using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Tests.Support;
using static CaseFlow.Workflow.Tests.Support.Bpmn;

namespace CaseFlow.Workflow.Tests.Conformance;

/// <summary>Timers and messages: intermediate catch events, boundary events, message start.</summary>
public sealed class EventTests
{
    private static readonly string Messages = Message("m_supplement", "supplement") + Message("m_withdraw", "withdraw");

    [Test]
    public void Intermediate_timer_fires_after_its_duration()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT4H</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <userTask id="after"/>
            """ + Chain("start", "wait", "after"));
        run.Start();

        run.Advance(TimeSpan.FromHours(3));
        var early = run.Active;
        run.Advance(TimeSpan.FromHours(1));

        early.ShouldBe(["wait"]);
        run.Active.ShouldBe(["after"]);
        run.Events.Single(e => e.Kind == WorkflowEventKind.TimerFired).At.ShouldBe(Run.Monday.AddHours(4));
    }

    [Test]
    public void Intermediate_message_catch_waits_for_its_message_and_keeps_its_variables()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="waitSupplement" caseflow:pausesClock="true"><messageEventDefinition messageRef="m_supplement"/></intermediateCatchEvent>
            <userTask id="recheck"/>
            """ + Chain("start", "waitSupplement", "recheck"), Messages);
        run.Start();

        var wrong = run.Message("withdraw");
        run.Message("supplement", Run.Vars(("documents", 3)));

        wrong.Error.ShouldBe("nothing in the instance waits for message 'withdraw'");
        run.Active.ShouldBe(["recheck"]);
        run.Variable("documents").GetInt32().ShouldBe(3);
    }

    [Test]
    public void A_wait_marked_pauses_clock_pauses_and_resumes_the_case_clock()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="waitSupplement" caseflow:pausesClock="true"><messageEventDefinition messageRef="m_supplement"/></intermediateCatchEvent>
            <userTask id="recheck"/>
            """ + Chain("start", "waitSupplement", "recheck"), Messages);

        run.Start();
        var paused = run.State.ClockPaused;
        run.Message("supplement");

        paused.ShouldBeTrue();
        run.State.ClockPaused.ShouldBeFalse();
        run.Events.Where(e => e.Kind is WorkflowEventKind.ClockPaused or WorkflowEventKind.ClockResumed).Select(e => e.Kind)
            .ShouldBe([WorkflowEventKind.ClockPaused, WorkflowEventKind.ClockResumed]);
        run.Events.First(e => e.Kind == WorkflowEventKind.Entered && e.ElementId == "waitSupplement").PausesClock.ShouldBeTrue();
    }

    [Test]
    public void Interrupting_timer_boundary_cancels_the_task_and_takes_its_own_path()
    {
        var run = new Run("""
            <startEvent id="start"/><userTask id="review"/>
            <boundaryEvent id="late" attachedToRef="review"><timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition></boundaryEvent>
            <userTask id="escalate"/><endEvent id="end"/>
            """ + Chain("start", "review", "end") + Chain("late", "escalate"));
        run.Start();

        run.Advance(TimeSpan.FromDays(3));

        run.Active.ShouldBe(["escalate"]);
        run.Commands.OfType<CancelTask>().Single().TaskId.ShouldBe(run.Commands.OfType<CreateTask>().First().Task.Id);
    }

    [Test]
    public void Completing_the_task_cancels_its_boundary_timer()
    {
        var run = new Run("""
            <startEvent id="start"/><userTask id="review"/>
            <boundaryEvent id="late" attachedToRef="review"><timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition></boundaryEvent>
            <userTask id="escalate"/><endEvent id="end"/>
            """ + Chain("start", "review", "end") + Chain("late", "escalate"));
        run.Start();

        run.Complete("review");

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.State.Timers.ShouldBeEmpty();
        run.Commands.OfType<CancelTimer>().Single().TimerId.ShouldBe(run.Commands.OfType<ScheduleTimer>().Single().Timer.Id);
    }

    [Test]
    public void Interrupting_timer_on_a_multi_instance_task_cancels_every_instance()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="review"><multiInstanceLoopCharacteristics caseflow:collection="departments" caseflow:elementVariable="d"/></userTask>
            <boundaryEvent id="late" attachedToRef="review"><timerEventDefinition><timeDuration>PT8H</timeDuration></timerEventDefinition></boundaryEvent>
            <userTask id="escalate"/><endEvent id="end"/>
            """ + Chain("start", "review", "end") + Chain("late", "escalate"));
        run.Start(Run.Vars(("departments", new[] { "a", "b", "c" })));
        run.Complete("review");

        run.Advance(TimeSpan.FromHours(8));

        run.Active.ShouldBe(["escalate"]);
        run.Tasks("review").ShouldBeEmpty();
        run.Events.Count(e => e.Kind == WorkflowEventKind.TaskCancelled).ShouldBe(2);
        run.State.Scopes.Count.ShouldBe(1);
        run.State.Timers.ShouldBeEmpty();
    }

    [Test]
    public void Non_interrupting_timer_spawns_a_token_and_the_task_continues()
    {
        var run = new Run("""
            <startEvent id="start"/><userTask id="review"/>
            <boundaryEvent id="remind" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></boundaryEvent>
            <userTask id="reminder"/><endEvent id="end"/>
            """ + Chain("start", "review", "end") + Chain("remind", "reminder"));
        run.Start();

        run.Advance(TimeSpan.FromDays(1));
        var both = run.Active;
        run.Complete("review");

        both.ShouldBe(["reminder", "review"]);
        run.Active.ShouldBe(["reminder"]);
        run.Status.ShouldBe(InstanceStatus.Running);
    }

    [Test]
    public void Message_boundary_on_a_subprocess_cancels_everything_inside_it()
    {
        var run = new Run($"""
            <startEvent id="start"/>
            <subProcess id="review">
              <startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/>
              <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>P10D</timeDuration></timerEventDefinition></intermediateCatchEvent>
              {Chain("s", "fork") + Chain("fork", "a") + Chain("fork", "b") + Chain("fork", "wait")}
            </subProcess>
            <boundaryEvent id="withdrawn" attachedToRef="review"><messageEventDefinition messageRef="m_withdraw"/></boundaryEvent>
            <endEvent id="end"/><endEvent id="cancelled"/>
            """ + Chain("start", "review", "end") + Chain("withdrawn", "cancelled"), Messages);
        run.Start();

        run.Message("withdraw");

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.State.Tasks.ShouldBeEmpty();
        run.State.Timers.ShouldBeEmpty();
        run.Commands.OfType<CancelTask>().Count().ShouldBe(2);
        run.Commands.OfType<CancelTimer>().Count().ShouldBe(1);
        run.Of(WorkflowEventKind.Entered).ShouldContain("cancelled");
    }

    [Test]
    public void Non_interrupting_message_boundary_keeps_the_activity_running()
    {
        var run = new Run("""
            <startEvent id="start"/><userTask id="review"/>
            <boundaryEvent id="asked" attachedToRef="review" cancelActivity="false"><messageEventDefinition messageRef="m_supplement"/></boundaryEvent>
            <userTask id="answer"/><endEvent id="end"/>
            """ + Chain("start", "review", "end") + Chain("asked", "answer"), Messages);
        run.Start();

        run.Message("supplement");
        var afterFirst = run.Active;
        var second = run.Message("supplement");

        afterFirst.ShouldBe(["answer", "review"]);
        second.Applied.ShouldBeFalse();
    }

    [Test]
    public void Message_start_event_starts_the_process_by_its_message()
    {
        var run = new Run("""
            <startEvent id="byHotline"><messageEventDefinition messageRef="m_call"/></startEvent>
            <userTask id="register"/>
            """ + Chain("byHotline", "register"), Message("m_call", "hotlineCall"));

        var wrong = run.Start(message: "other");
        run.Start(Run.Vars(("caller", "138")), message: "hotlineCall");

        wrong.Error.ShouldBe("no start event of process 'p' starts on message 'other'");
        run.Active.ShouldBe(["register"]);
        run.Definition.StartMessages.ShouldBe(["hotlineCall"]);
    }

    [Test]
    public void Timer_date_fires_at_that_instant()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="until"><timerEventDefinition><timeDate>2026-03-05T10:00:00</timeDate></timerEventDefinition></intermediateCatchEvent>
            <endEvent id="end"/>
            """ + Chain("start", "until", "end"));

        run.Start();

        run.State.Timers.Single().DueAt.ShouldBe(new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero));
    }

    [Test]
    public void Working_day_timer_counts_working_days_through_the_calendar()
    {
        var friday = new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.FromHours(8));
        var run = new Run("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="limit"><timerEventDefinition caseflow:workingDays="days"/></intermediateCatchEvent>
            <endEvent id="end"/>
            """ + Chain("start", "limit", "end"), start: friday);

        run.Start(Run.Vars(("days", 2)));

        // Friday + 2 working days = Tuesday, at the end of the working day (17:30 +08:00).
        run.State.Timers.Single().DueAt.ShouldBe(new DateTimeOffset(2026, 3, 10, 17, 30, 0, TimeSpan.FromHours(8)));
    }

    [Test]
    public void Working_hour_timer_skips_lunch_and_nights()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="limit"><timerEventDefinition caseflow:workingHours="4"/></intermediateCatchEvent>
            <endEvent id="end"/>
            """ + Chain("start", "limit", "end"));

        run.Start();

        // 09:00 + 3 h to 12:00, lunch, then 1 h from 13:30.
        run.State.Timers.Single().DueAt.ShouldBe(new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.FromHours(8)));
    }

    [Test]
    public void User_task_assignment_and_due_date_are_evaluated_when_the_task_is_created()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="review" caseflow:assignee="case.owner" caseflow:candidateRole="&quot;approver&quot;" caseflow:candidateDepartment="'planning'" caseflow:dueWorkingDays="5" caseflow:pausesClock="true"/>
            """ + Chain("start", "review"));

        run.Start(Run.Vars(("case", new Dictionary<string, object?> { ["owner"] = "li.wei" })));

        var task = run.State.Tasks.Single();
        task.Assignee.ShouldBe("li.wei");
        task.CandidateRole.ShouldBe("approver");
        task.CandidateDepartment.ShouldBe("planning");
        task.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 9, 17, 30, 0, TimeSpan.FromHours(8)));
        task.PausesClock.ShouldBeTrue();
        run.State.ClockPaused.ShouldBeTrue();
    }
}
