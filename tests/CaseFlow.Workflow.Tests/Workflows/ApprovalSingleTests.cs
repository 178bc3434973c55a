using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;
using CaseFlow.Workflow.Tests.Rendering;
using CaseFlow.Workflow.Tests.Support;

namespace CaseFlow.Workflow.Tests.Workflows;

/// <summary>workflows/approval-single.bpmn: one department reviews and approves, refuses or asks for a supplement.</summary>
public sealed class ApprovalSingleTests
{
    private const string File = "approval-single.bpmn";

    private const string Start = """{"start":{"variables":{"leadDepartment":"market-regulation","committedLimit":5}}}""";
    private const string Approve = """{"complete":"Task_Review","outcome":"approve"}""";
    private const string Reject = """{"complete":"Task_Review","outcome":"reject"}""";
    private const string AskForSupplement = """{"complete":"Task_Review","outcome":"supplement"}""";
    private const string Supplement = """{"message":"supplementReceived","variables":{}}""";

    [Test]
    public void An_approved_case_has_its_result_delivered()
    {
        var run = Simulated.Run(File, Start, Approve);

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe(["Start_CaseAccepted", "Task_Review", "Gateway_Outcome", "Task_DeliverResult", "End_Approved"]);
        run.Of("completed").ShouldBe(["approval-single"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void A_rejected_case_is_refused()
    {
        var run = Simulated.Run(File, Start, Reject);

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe(["Start_CaseAccepted", "Task_Review", "Gateway_Outcome", "Task_RefuseCase", "End_Refused"]);
        run.Path.ShouldNotContain("Task_DeliverResult");
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void A_supplement_request_notifies_the_applicant_and_waits_with_no_task_open()
    {
        var run = Simulated.Run(File, Start, AskForSupplement, """{"advance":"P10D"}""");

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe(["Start_CaseAccepted", "Task_Review", "Gateway_Outcome", "Task_RequestSupplement", "Catch_SupplementReceived"]);
        run.Of("taskCreated").ShouldBe(["Task_Review"]);
        run.State.ShouldBe("""{"state":"running","active":["Catch_SupplementReceived"]}""");
    }

    [Test]
    public void The_case_clock_is_paused_while_the_department_waits_for_the_supplement()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);
        run.Start(Run.Vars(("leadDepartment", "market-regulation"), ("committedLimit", 5)));
        run.Complete("Task_Review", "supplement");
        var pausedWhileWaiting = run.State.ClockPaused;

        run.Message("supplementReceived").Applied.ShouldBeTrue();

        pausedWhileWaiting.ShouldBeTrue();
        run.State.ClockPaused.ShouldBeFalse();
        run.Events.Single(e => e.Kind == WorkflowEventKind.ClockPaused).ElementId.ShouldBe("Catch_SupplementReceived");
    }

    [Test]
    public void After_the_supplement_the_review_starts_again_and_can_approve()
    {
        var run = Simulated.Run(File, Start, AskForSupplement, """{"advance":"P3D"}""", Supplement, Approve);

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe([
            "Start_CaseAccepted", "Task_Review", "Gateway_Outcome", "Task_RequestSupplement", "Catch_SupplementReceived",
            "Task_Review", "Gateway_Outcome", "Task_DeliverResult", "End_Approved",
        ]);
        run.When("messageCorrelated", "Catch_SupplementReceived").ShouldBe(["2026-03-05T09:00:00+08:00"]);
        run.When("taskCreated", "Task_Review").ShouldBe(["2026-03-02T09:00:00+08:00", "2026-03-05T09:00:00+08:00"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void The_review_is_due_at_the_end_of_the_committed_limit_counted_in_working_days()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);

        run.Start(Run.Vars(("leadDepartment", "market-regulation"), ("committedLimit", 5)));

        // Accepted on Monday 2 March: five working days end on Monday 9 March, over the weekend.
        run.Tasks("Task_Review").Single().DueAt.ShouldBe(new DateTimeOffset(2026, 3, 9, 17, 30, 0, TimeSpan.FromHours(8)));
        run.Tasks("Task_Review").Single().CandidateDepartment.ShouldBe("market-regulation");
    }

    [Test]
    public void After_the_supplement_the_review_is_due_when_the_committed_limit_runs_out_with_the_paused_week_left_out()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);
        run.Start(Run.Vars(("leadDepartment", "market-regulation"), ("committedLimit", 5)));
        run.Advance(TimeSpan.FromDays(2));
        run.Complete("Task_Review", "supplement");

        // Paused from Wednesday 4 March 09:00 to Wednesday 11 March 09:00: exactly five working days.
        run.Advance(TimeSpan.FromDays(7));
        run.Message("supplementReceived").Applied.ShouldBeTrue();

        // Rule 3: the clock pauses, it does not start again: the first due date (Monday 9 March 17:30) moves by the
        // five paused working days.
        run.Tasks("Task_Review").Single().DueAt.ShouldBe(new DateTimeOffset(2026, 3, 16, 17, 30, 0, TimeSpan.FromHours(8)));
    }

    [Test]
    public void A_second_supplement_adds_its_own_paused_days_to_the_first_and_the_limit_never_starts_again()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);
        run.Start(Run.Vars(("leadDepartment", "market-regulation"), ("committedLimit", 5)));
        run.Advance(TimeSpan.FromDays(2));
        run.Complete("Task_Review", "supplement");
        run.Advance(TimeSpan.FromDays(7));
        run.Message("supplementReceived").Applied.ShouldBeTrue();
        var afterFirst = run.Tasks("Task_Review").Single().DueAt;

        // Paused again from Wednesday 11 March to Friday 13 March: Thursday and Friday are left out.
        run.Complete("Task_Review", "supplement");
        run.Advance(TimeSpan.FromDays(2));
        run.Message("supplementReceived").Applied.ShouldBeTrue();

        afterFirst.ShouldBe(new DateTimeOffset(2026, 3, 16, 17, 30, 0, TimeSpan.FromHours(8)));
        run.Tasks("Task_Review").Single().DueAt.ShouldBe(new DateTimeOffset(2026, 3, 18, 17, 30, 0, TimeSpan.FromHours(8)));
    }

    [Test]
    public void A_supplement_received_on_the_day_it_was_requested_leaves_the_due_date_where_it_was()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);
        run.Start(Run.Vars(("leadDepartment", "market-regulation"), ("committedLimit", 5)));
        run.Complete("Task_Review", "supplement");
        run.Advance(TimeSpan.FromHours(3));

        run.Message("supplementReceived").Applied.ShouldBeTrue();

        // The pause day itself still counts as used (as the Deadline module counts it): nothing is left out.
        run.Tasks("Task_Review").Single().DueAt.ShouldBe(new DateTimeOffset(2026, 3, 9, 17, 30, 0, TimeSpan.FromHours(8)));
    }

    [Test]
    public void An_outcome_other_than_approve_reject_or_supplement_is_refused_and_the_review_stays_open()
    {
        var run = Simulated.Run(File, Start, """{"complete":"Task_Review","outcome":"maybe"}""");

        run.Exit.ShouldBe(2);
        run.Error.ShouldBe("""step 2 (complete "Task_Review", outcome "maybe"): exclusiveGateway 'Gateway_Outcome': no condition is true and there is no default flow""");
        run.State.ShouldBe("""{"state":"running","active":["Task_Review"]}""");
    }
}
