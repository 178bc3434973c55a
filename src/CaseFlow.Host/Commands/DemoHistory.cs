using CaseFlow.Approval.Contracts;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Time;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Workflow.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Host.Commands;

/// <summary>
/// The demo center's last two weeks, replayed day by day through the real commands under a <see cref="SeedClock"/>:
/// before each step the clock moves to the step's moment and the work that fell due meanwhile runs as a Host would have
/// run it then (workflow timers, the alert scheduler's sweeps, the outbox), so the rows, events, clocks and alerts are
/// exactly what two weeks of real work leave. The diary below is in time order across cases; the README lists what a
/// visitor can look at. A center that already has a history
/// (its own, or this one; see <see cref="HasHistoryAsync"/>): it is left alone, so a second seed changes nothing.
/// </summary>
internal sealed class DemoHistory(IServiceProvider services, IServiceScopeFactory scopes, TimeProvider time, WorkflowRuntime runtime, ILogger<DemoHistory> logger)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly Actor Clerk = new("clerk", "窗口 张敏", new HashSet<string> { StaffRoles.WindowClerk }, "demo-center", null, "W01");
    private static readonly Actor Supervisor = new("supervisor", "电子监察 吴静", new HashSet<string> { StaffRoles.Supervisor }, "demo-center", null, null);

    private const string Food = "11000000MB0000001-SP-02";
    private const string Construction = "11000000MB0000002-JZ-03";
    private const string Estate = "11000000MB0000007-BDC-16";
    private const string Hygiene = "11000000MB0000003-WS-04";
    private const string Planning = "11000000MB0000005-GH-12";
    private const string Discharge = "11000000MB0000006-PW-15";

    private SeedClock _clock = null!;
    private List<DateOnly> _workingDays = [];
    private DateTimeOffset _at;
    private readonly Dictionary<string, string> _applicants = [];

    /// <summary>Enters the history; false when the center has one already.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Beijing).DateTime);
        if (await HasHistoryAsync(today, cancellationToken))
        {
            return false;
        }

        var rules = await SendAsync(new GetCalendarRules(Calendars.National), cancellationToken);
        _workingDays = WorkingDaysBack(today, rules?.ToPredicate() ?? (d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)), 12);
        _at = DateTimeOffset.MinValue;
        using (_clock = SeedClock.Begin(time))
        {
            await ReplayAsync(cancellationToken);
        }

        // Back in the present: what fell due since the last step (the deemed acceptance's timer, the red alerts) runs now.
        await DueWorkAsync(cancellationToken);
        logger.LogInformation("Replayed the demo center's last {Days} working days", _workingDays.Count - 1);
        return true;
    }

    private async Task ReplayAsync(CancellationToken ct)
    {
        // Day −9: a food licence accepted and then left in its department's inbox (5 working days: red alert on day −4,
        // after its yellow one), and a discharge permit accepted that day (10 working days: yellow alert yesterday, due tomorrow).
        await AtAsync(9, 9, 30, ct);
        var overdue = await RegisterAndAcceptAsync(Food, Person("周立伟", "21030219800101011", "13904120011"), ct);
        await AtAsync(9, 10, 10, ct);
        var warned = await RegisterAndAcceptAsync(Discharge, Organization("鞍山市华信化工有限公司", "91210300MA0QCX3B4"), ct);

        // Day −8: a food licence that will be done on time, and a construction permit in parallel approval whose
        // ecology review asks for one more material, brought by the applicant two days later.
        await AtAsync(8, 9, 40, ct);
        var resumed = await RegisterAndAcceptAsync(Construction, Organization("鞍山市千山建筑安装有限公司", "91210300MA0QCX4C5"), ct);
        await AtAsync(8, 10, 30, ct);
        var onTime = await RegisterAndAcceptAsync(Food, Person("郑红梅", "21030219870817012", "13904120012"), ct);
        await AtAsync(8, 11, 0, ct);
        await SignAsync(resumed, "housing-construction", DepartmentTaskKind.Distribution, "distribute", "材料齐全，分送自然资源、消防救援、生态环境部门并联审查。", ct);

        // Day −7: nobody decides on a planning permit at the window; five working days later it counts as accepted
        // from receipt (art. 32: the intake process's timer, run by the replayed timer sweep).
        await AtAsync(7, 10, 15, ct);
        var deemed = await RegisterAsync(Planning, Organization("鞍山市铁东区城市更新投资有限公司", "91210300MA0QCX5D6"), requiredOnly: true, skip: 1, ct);
        await AtAsync(7, 10, 40, ct);
        await SignAsync(resumed, "ecology-environment", DepartmentTaskKind.Review, "supplement", "环评批复文件为复印件，需补正原件。", ct, ("M04", "环境影响评价批复文件应提交原件"));
        await AtAsync(7, 15, 0, ct);
        await SignAsync(resumed, "natural-resources", DepartmentTaskKind.Review, "approve", "用地规划手续齐全，同意。", ct);

        // Day −6: the food licence is approved; a stock-housing transfer (1 working day) is accepted.
        await AtAsync(6, 10, 0, ct);
        await SignAsync(onTime, "market-regulation", DepartmentTaskKind.Review, "approve", "现场核查符合要求，准予许可。", ct);
        await AtAsync(6, 14, 0, ct);
        var late = await RegisterAndAcceptAsync(Estate, Person("冯建军", "21030419750603013", "13804120013"), ct);
        await AtAsync(6, 15, 30, ct);
        await SignAsync(resumed, "fire-rescue", DepartmentTaskKind.Review, "approve", "消防设计审查合格，同意。", ct);

        // Day −5: the supervisor's daily return-visit draw for day −6, and the call; the applicant of the construction
        // permit brings the missing original, so the ecology review and the case clock resume.
        await AtAsync(5, 9, 0, ct);
        await VisitAsync(_workingDays[6], ct);
        await AtAsync(5, 9, 30, ct);
        var hygiene = await RegisterAndAcceptAsync(Hygiene, Organization("鞍山市铁东区悦来宾馆", "91210300MA0QCX6E7"), ct);
        await AtAsync(5, 10, 0, ct);
        await ExpectAsync(SendAsync(new ReceiveSupplement([await MaterialAsync(Construction, "M04", ct)]) { Reference = resumed, Actor = Clerk }, ct));
        await RateAsync(onTime, RatingLevel.VerySatisfied, "办事效率高，窗口服务热情。", ct);

        // Day −4: the hygiene licence is approved the day after it came; a simple complaint is settled on the spot.
        await AtAsync(4, 11, 0, ct);
        await ComplainAsync(ComplaintSeverity.Simple, ComplaintChannel.OnSite, "孙丽", null, null, "W01", "上午取号后等候时间较长。", "已当场致歉并增开一个综合窗口，现场群众表示满意。", ct);
        await AtAsync(4, 15, 0, ct);
        await SignAsync(hygiene, "health", DepartmentTaskKind.Review, "approve", "卫生条件符合要求，准予许可。", ct);
        await AtAsync(4, 16, 0, ct);
        await SignAsync(resumed, "ecology-environment", DepartmentTaskKind.Review, "approve", "补正后的环评批复原件已核验，同意。", ct);

        // Day −3: the housing transfer is approved two days late (its red alert stays on the ledger); the construction
        // permit is granted; another construction permit is accepted and distributed.
        await AtAsync(3, 9, 20, ct);
        var paused = await RegisterAndAcceptAsync(Construction, Organization("鞍山市立山区安居置业有限公司", "91210300MA0QCX7F8"), ct);
        await AtAsync(3, 10, 0, ct);
        await SignAsync(late, "real-estate", DepartmentTaskKind.Review, "approve", "登记材料齐全，准予转移登记。", ct);
        await AtAsync(3, 14, 0, ct);
        await SignAsync(paused, "housing-construction", DepartmentTaskKind.Distribution, "distribute", "材料齐全，分送各协办部门并联审查。", ct);
        await AtAsync(3, 16, 0, ct);
        await SignAsync(resumed, "housing-construction", DepartmentTaskKind.Decision, "approve", "各协办部门意见均为同意，准予施工许可。", ct);
        await RateAsync(hygiene, RatingLevel.Satisfied, null, ct);

        // Day −2: the second construction permit's fire review asks for a material: its clock pauses while the other
        // branches go on (natural resources has approved, ecology is still reviewing). A serious complaint is escalated.
        await AtAsync(2, 10, 0, ct);
        await SignAsync(paused, "natural-resources", DepartmentTaskKind.Review, "approve", "用地手续齐全，同意。", ct);
        await AtAsync(2, 11, 0, ct);
        await RateAsync(late, RatingLevel.Dissatisfied, "承诺一个工作日办结，实际拖了三天，也没人告知原因。", ct);
        await AtAsync(2, 14, 0, ct);
        await ComplainAsync(ComplaintSeverity.Serious, ComplaintChannel.OnSite, "马先生", null, "market-regulation", null, "反映审批人员暗示需找中介代办才能加快办理。", null, ct);
        await AtAsync(2, 15, 0, ct);
        await SignAsync(paused, "fire-rescue", DepartmentTaskKind.Review, "supplement", "施工图缺少消防设计专篇，需补正。", ct, ("M03", "施工图设计文件缺少消防设计专篇"));

        // Day −1: a complex complaint about the overdue food licence, on its 5-working-day reply clock.
        await AtAsync(1, 10, 0, ct);
        await ComplainAsync(ComplaintSeverity.Complex, ComplaintChannel.Phone, "周立伟", overdue, "market-regulation", null, $"食品经营许可（{overdue}）已超过承诺时限仍未办结，要求说明原因。", null, ct);

        logger.LogInformation(
            "Demo history: overdue {Overdue}, warned {Warned}, deemed {Deemed}, paused {Paused}, resumed and granted {Resumed}, on time {OnTime}, late {Late}",
            overdue,
            warned,
            deemed,
            paused,
            resumed,
            onTime,
            late);
    }

    /// <summary>Moves the replay to <paramref name="daysAgo"/> working days before today at the given Beijing time, and runs what fell due on the way.</summary>
    private async Task AtAsync(int daysAgo, int hour, int minute, CancellationToken cancellationToken)
    {
        var at = new DateTimeOffset(_workingDays[daysAgo].ToDateTime(new TimeOnly(hour, minute)), Beijing);
        if (at <= _at)
        {
            throw new InvalidOperationException($"The demo history goes back in time at {at:O}.");
        }

        _at = at;
        _clock.MoveTo(at);
        await DueWorkAsync(cancellationToken);
    }

    /// <summary>What a running Host does as time passes: fire due workflow timers, raise crossed alerts, deliver the outbox; until nothing is left.</summary>
    private async Task DueWorkAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < 20; round++)
        {
            var done = await DemoData.DeliverOutboxAsync(services, cancellationToken);
            for (var batch = 0; batch < 50; batch++)
            {
                var fired = await runtime.FireDueTimersAsync(cancellationToken);
                done += fired;
                if (fired == 0)
                {
                    break;
                }
            }

            done += await DemoData.DeliverOutboxAsync(services, cancellationToken);
            done += await SendAsync(new RaiseDueAlerts(), cancellationToken);
            if (done == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The history's marks, read through the modules' contracts: a complaint on record, or a case the demo clerk received
    /// before today that is still open (the history's overdue case never completes by itself).
    /// </summary>
    private async Task<bool> HasHistoryAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var startOfToday = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), Beijing).ToUniversalTime();
        var complaints = await SendAsync(new ListComplaints(null, 1), cancellationToken);
        var open = await SendAsync(new ListOpenCasesOf(Clerk.Id, 500), cancellationToken);
        return complaints.Items.Count > 0 || open.Any(c => c.ReceivedAt < startOfToday);
    }

    /// <summary>Today (or the last working day before it) first, then the working days before it.</summary>
    private static List<DateOnly> WorkingDaysBack(DateOnly today, Func<DateOnly, bool> isWorkingDay, int count)
    {
        var days = new List<DateOnly>();
        for (var day = today; days.Count <= count; day = day.AddDays(-1))
        {
            if (isWorkingDay(day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    private async Task<string> RegisterAndAcceptAsync(string item, ApplicantInput applicant, CancellationToken cancellationToken)
    {
        var reception = await RegisterAsync(item, applicant, requiredOnly: false, skip: 0, cancellationToken);
        var accepted = await ExpectAsync(SendAsync(new AcceptApplication(reception, Clerk), cancellationToken));
        await DueWorkAsync(cancellationToken);
        _applicants[accepted.CaseNumber!] = (applicant.IdNumber ?? applicant.CreditCode)!;
        return accepted.CaseNumber!;
    }

    /// <summary>Registers an application with the item's materials (all of them, or the required ones less the first <paramref name="skip"/>).</summary>
    private async Task<string> RegisterAsync(string item, ApplicantInput applicant, bool requiredOnly, int skip, CancellationToken cancellationToken)
    {
        var catalogue = await SendAsync(new GetServiceItem(item), cancellationToken) ?? throw new InvalidOperationException($"The demo catalogue has no item {item}.");
        var held = catalogue.Materials.Where(m => !requiredOnly || m.Required).Skip(skip).Select(m => new MaterialInput(m.Code, m.Copies, m.Form)).ToList();
        var view = await ExpectAsync(SendAsync(new RegisterCase(item, applicant, held) { Actor = Clerk }, cancellationToken));
        await DueWorkAsync(cancellationToken);
        return view.ReceptionNumber;
    }

    private async Task<MaterialInput> MaterialAsync(string item, string code, CancellationToken cancellationToken)
    {
        var catalogue = await SendAsync(new GetServiceItem(item), cancellationToken);
        var material = catalogue!.Materials.Single(m => m.Code == code);
        return new MaterialInput(material.Code, material.Copies, material.Form);
    }

    /// <summary>The department's approver signs the case's open task of the kind, as in the inbox.</summary>
    private async Task SignAsync(
        string caseNumber, string department, DepartmentTaskKind kind, string outcome, string opinion, CancellationToken cancellationToken, params (string Code, string Problem)[] materials)
    {
        // Reading the case mirrors the process's open tasks into the inbox first.
        await ExpectAsync(SendAsync(new ReadApprovalCase(caseNumber, Supervisor), cancellationToken));
        var inbox = await SendAsync(new ReadInbox(department, DepartmentTaskState.Opened, null, 200), cancellationToken);
        var task = inbox.Items.SingleOrDefault(t => t.CaseNumber == caseNumber && t.Kind == kind)
            ?? throw new InvalidOperationException($"Demo case {caseNumber} has no open {kind} task for {department}.");
        var approver = new Actor($"demo-{department}", "演示审批人", new HashSet<string> { StaffRoles.DepartmentApprover, StaffRoles.LeadApprover }, "demo-center", department, null);
        var body = new SignOffBody(outcome, opinion, null, null, materials.Length == 0 ? null : [.. materials.Select(m => new SupplementMaterialBody(m.Code, m.Problem))]);
        await ExpectAsync(SendAsync(new SignOffTask(task.Id, approver, body), cancellationToken));
        await DueWorkAsync(cancellationToken);
    }

    /// <summary>The applicant rates the completed case with the last 4 characters of their ID or credit code.</summary>
    private async Task RateAsync(string caseNumber, RatingLevel level, string? comment, CancellationToken cancellationToken)
    {
        // The applicant proves who they are as on the public rating form.
        var last4 = _applicants[caseNumber][^4..];
        await ExpectAsync(SendAsync(new RateCase(caseNumber, last4, level, comment), cancellationToken));
        await DueWorkAsync(cancellationToken);
    }

    private async Task ComplainAsync(
        ComplaintSeverity severity, ComplaintChannel channel, string name, string? caseNumber, string? department, string? window, string content, string? reply, CancellationToken cancellationToken)
    {
        await ExpectAsync(SendAsync(
            new RegisterComplaint(channel, severity, name, "13904121111", caseNumber, department, window, null, content, reply, null, Supervisor.Id, Supervisor.CenterCode),
            cancellationToken));
        await DueWorkAsync(cancellationToken);
    }

    /// <summary>The daily return-visit draw for <paramref name="day"/> (what the 03:00 job does), and each drawn call made and recorded.</summary>
    private async Task VisitAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await SendAsync(new SampleReturnVisits(day), cancellationToken);
        foreach (var visit in await SendAsync(new ListReturnVisits(day), cancellationToken))
        {
            await ExpectAsync(SendAsync(new RecordReturnVisit(visit.Id, true, RatingLevel.VerySatisfied, "回访接通，申请人对办理时限和服务态度表示满意。", Supervisor.Id), cancellationToken));
        }
    }

    private async Task<T> SendAsync<T>(IRequest<T> request, CancellationToken cancellationToken)
    {
        // A scope per step, as per HTTP request: no entity tracked by one step goes stale for the next.
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, cancellationToken);
    }

    private static async Task<T> ExpectAsync<T>(Task<Result<T>> sent)
    {
        var result = await sent;
        return result.IsSuccess ? result.Value : throw new InvalidOperationException($"A demo history step failed: {result.Error!.Code} {result.Error.Message}");
    }

    /// <summary>A person; the resident ID gets its GB 11643 check character.</summary>
    private static ApplicantInput Person(string name, string id17, string phone)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = id17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return new(ApplicantKind.Person, name, id17 + "10X98765432"[sum % 11], null, phone);
    }

    /// <summary>An organization; the unified social credit code gets its GB 32100 check character.</summary>
    private static ApplicantInput Organization(string name, string code17)
    {
        const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var sum = code17.Select((c, i) => Alphabet.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return new(ApplicantKind.Organization, name, null, code17 + Alphabet[(31 - (sum % 31)) % 31], "13700001234");
    }
}
