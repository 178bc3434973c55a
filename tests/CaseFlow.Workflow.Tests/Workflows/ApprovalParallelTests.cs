using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;
using CaseFlow.Workflow.Tests.Rendering;
using CaseFlow.Workflow.Tests.Support;

namespace CaseFlow.Workflow.Tests.Workflows;

/// <summary>
/// workflows/approval-parallel.bpmn (一家牵头、并联审批、限时办结): the lead department distributes, the co-departments
/// review at the same time, a non-interrupting working-day timer raises stage overtime, the lead department decides;
/// from version 2, a co-department's supplement request sends its branch back to the window with the clock paused.
/// </summary>
public sealed class ApprovalParallelTests
{
    private const string File = "approval-parallel.bpmn";

    private const string Start = """
        {"start":{"variables":{"leadDepartment":"development-reform","coDepartments":["natural-resources","housing-construction","ecology-environment"],"departmentLimit":3}}}
        """;
    private const string Distribute = """{"complete":"Task_Distribute"}""";
    private const string Approve = """{"complete":"Task_LeadDecision","variables":{"decision":"approve"}}""";
    private const string Refuse = """{"complete":"Task_LeadDecision","variables":{"decision":"refuse"}}""";

    private const string SupplementReceived = """{"message":"supplementReceived"}""";

    private static string Review(int item, string outcome) => $$"""{"complete":"Task_CoReview","item":{{item}},"outcome":"{{outcome}}"}""";

    private static string Review(int item) => $$"""{"complete":"Task_CoReview","item":{{item}},"outcome":"agree"}""";

    [Test]
    public void Distribution_opens_one_review_task_per_co_department_at_the_same_time()
    {
        var run = Simulated.Run(File, Start, Distribute);

        run.Exit.ShouldBe(0);
        run.When("taskCreated", "Task_CoReview").ShouldBe(["2026-03-02T09:00:00+08:00", "2026-03-02T09:00:00+08:00", "2026-03-02T09:00:00+08:00"]);
        run.When("timerScheduled", "Timer_DepartmentLimit").ShouldBe(["2026-03-02T09:00:00+08:00"]);
        run.Of("taskCompleted").ShouldBe(["Task_Distribute"]);
        run.State.ShouldBe("""{"state":"running","active":["SubProcess_CoReview","Task_CoReview"]}""");
    }

    [Test]
    public void Exactly_three_review_tasks_are_open_after_distribution()
    {
        var run = Simulated.Run(File, Start, Distribute, Review(2), Review(1), Review(0), Review(0));

        run.Exit.ShouldBe(2);
        run.Of("taskCompleted").ShouldBe(["Task_Distribute", "Task_CoReview", "Task_CoReview", "Task_CoReview"]);
        run.Error.ShouldBe("""step 6 (complete "Task_CoReview", item 0, outcome "agree"): no open task of 'Task_CoReview' (open: Task_LeadDecision)""");
    }

    [Test]
    public void Each_review_task_goes_to_its_own_co_department_with_the_department_limit_as_due_date()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);
        run.Start(Run.Vars(
            ("leadDepartment", "development-reform"),
            ("coDepartments", new[] { "natural-resources", "housing-construction", "ecology-environment" }),
            ("departmentLimit", 3)));
        run.Advance(TimeSpan.FromDays(2));

        run.Complete("Task_Distribute");

        // Distributed on Wednesday 4 March: Thursday, Friday and Monday 9 March are the three working days.
        var monday = new DateTimeOffset(2026, 3, 9, 17, 30, 0, TimeSpan.FromHours(8));
        run.Tasks("Task_CoReview").Select(t => t.CandidateDepartment).ShouldBe(["natural-resources", "housing-construction", "ecology-environment"], ignoreOrder: true);
        run.Tasks("Task_CoReview").ShouldAllBe(t => t.DueAt == monday);
        run.State.Timers.Single().DueAt.ShouldBe(monday);
    }

    [TestCase(0, 0, 0)]
    [TestCase(2, 1, 0)]
    [TestCase(1, 1, 0)]
    [TestCase(1, 0, 0)]
    public void The_lead_decision_waits_for_every_co_department_in_whatever_order_they_finish(int first, int second, int third)
    {
        var waiting = Simulated.Run(File, Start, Distribute, Review(first), Review(second));
        var run = Simulated.Run(File, Start, Distribute, Review(first), Review(second), Review(third));

        waiting.State.ShouldBe("""{"state":"running","active":["SubProcess_CoReview","Task_CoReview"]}""");
        waiting.Of("taskCreated").ShouldNotContain("Task_LeadDecision");
        run.Exit.ShouldBe(0);
        run.Of("taskCompleted").ShouldBe(["Task_Distribute", "Task_CoReview", "Task_CoReview", "Task_CoReview"]);
        run.Of("taskCreated")[^1].ShouldBe("Task_LeadDecision");
        run.State.ShouldBe("""{"state":"running","active":["Task_LeadDecision"]}""");
    }

    [Test]
    public void The_lead_department_approves_and_the_result_is_delivered()
    {
        var run = Simulated.Run(File, Start, Distribute, Review(1), Review(0), Review(0), Approve);

        run.Exit.ShouldBe(0);
        run.Path.Where(e => e is not ("SubProcess_CoReview" or "Start_Review" or "Gateway_ReviewOutcome" or "End_Reviewed")).ShouldBe([
            "Start_CaseAccepted", "Task_Distribute", "Task_CoReview", "Task_CoReview", "Task_CoReview",
            "Task_LeadDecision", "Gateway_Decision", "Task_DeliverResult", "End_Approved",
        ]);
        run.Path.ShouldNotContain("Task_RequestSupplement");
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void The_lead_department_refuses_and_the_case_is_refused()
    {
        var run = Simulated.Run(File, Start, Distribute, Review(0), Review(0), Review(0), Refuse);

        run.Exit.ShouldBe(0);
        run.Path[^3..].ShouldBe(["Gateway_Decision", "Task_RefuseCase", "End_Refused"]);
        run.Path.ShouldNotContain("Task_DeliverResult");
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void A_department_late_past_the_limit_raises_stage_overtime_on_the_working_day_after_the_weekend_while_the_reviews_stay_open()
    {
        // Distributed on Wednesday 4 March; the limit of 3 working days ends on Monday 9 March at 17:30.
        var run = Simulated.Run(File, Start, """{"advance":"P2D"}""", Distribute, Review(1), """{"advance":"P7D"}""");

        run.Exit.ShouldBe(0);
        run.When("timerScheduled", "Timer_DepartmentLimit").ShouldBe(["2026-03-04T09:00:00+08:00"]);
        run.When("timerFired", "Timer_DepartmentLimit").ShouldBe(["2026-03-09T17:30:00+08:00"]);
        run.Path[^3..].ShouldBe(["Timer_DepartmentLimit", "Task_RaiseStageOvertime", "End_OvertimeRaised"]);
        run.When("left", "Task_CoReview").ShouldBe(["2026-03-04T09:00:00+08:00"]);
        run.Of("terminated").ShouldBeEmpty();
        run.State.ShouldBe("""{"state":"running","active":["SubProcess_CoReview","Task_CoReview"]}""");
    }

    [Test]
    public void The_stage_timer_has_not_fired_a_minute_before_the_end_of_the_last_working_day()
    {
        var run = Simulated.Run(File, Start, """{"advance":"P2D"}""", Distribute, """{"advance":"P5DT8H29M"}""");

        run.Exit.ShouldBe(0);
        run.Of("timerFired").ShouldBeEmpty();
        run.State.ShouldBe("""{"state":"running","active":["SubProcess_CoReview","Task_CoReview"]}""");
    }

    [Test]
    public void After_the_overtime_the_late_departments_still_finish_and_the_lead_still_decides()
    {
        var run = Simulated.Run(File, Start, Distribute, Review(0), """{"advance":"P10D"}""", Review(1), Review(0), Approve);

        run.Exit.ShouldBe(0);
        run.Of("timerFired").ShouldBe(["Timer_DepartmentLimit"]);
        run.Of("taskCompleted").ShouldBe(["Task_Distribute", "Task_CoReview", "Task_CoReview", "Task_CoReview", "Task_LeadDecision"]);
        run.Path[^3..].ShouldBe(["Gateway_Decision", "Task_DeliverResult", "End_Approved"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void Reviews_finished_within_the_limit_never_raise_stage_overtime()
    {
        var run = Simulated.Run(File, Start, Distribute, Review(0), Review(0), Review(0), """{"advance":"P30D"}""");

        run.Exit.ShouldBe(0);
        run.Of("timerFired").ShouldBeEmpty();
        run.Path.ShouldNotContain("Task_RaiseStageOvertime");
        run.State.ShouldBe("""{"state":"running","active":["Task_LeadDecision"]}""");
    }

    [Test]
    public void A_supplement_request_from_one_co_department_goes_back_to_the_window_and_pauses_the_clock_while_the_others_keep_working()
    {
        var run = Started();

        run.Complete("Task_CoReview", "supplement", item: 1);
        run.Complete("Task_CoReview", "approve");

        run.Services!.Calls.Select(c => c.Handler).ShouldBe(["intake.requestSupplement"]);
        run.Of(WorkflowEventKind.ClockPaused).ShouldBe(["Catch_SupplementReceived"]);
        run.State.ClockPaused.ShouldBeTrue();
        run.Tasks("Task_CoReview").Count.ShouldBe(1);
        run.Active.ShouldBe(["Catch_SupplementReceived", "SubProcess_CoReview", "Task_CoReview"]);
    }

    [Test]
    public void The_lead_decision_waits_for_the_branch_that_asked_for_a_supplement()
    {
        var run = Simulated.Run(File, Start, Distribute, Review(0, "supplement"), Review(0, "approve"), Review(0, "reject"));

        run.Exit.ShouldBe(0);
        run.Of("taskCreated").ShouldNotContain("Task_LeadDecision");
        run.State.ShouldBe("""{"state":"running","active":["Catch_SupplementReceived","SubProcess_CoReview"]}""");
    }

    [Test]
    public void After_the_supplement_arrives_the_clock_resumes_the_same_department_reviews_again_and_the_lead_decides()
    {
        var run = Started();
        run.Complete("Task_CoReview", "supplement", item: 1);
        run.Complete("Task_CoReview", "approve");
        run.Complete("Task_CoReview", "approve");

        run.Message("supplementReceived");

        run.State.ClockPaused.ShouldBeFalse();
        run.Of(WorkflowEventKind.ClockResumed).Count.ShouldBe(1);
        run.Tasks("Task_CoReview").Single().CandidateDepartment.ShouldBe("housing-construction");
        run.Complete("Task_CoReview", "approve");
        run.Complete("Task_LeadDecision", variables: Run.Vars(("decision", "approve")));
        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Services!.Calls.Select(c => c.Handler).ShouldBe(["intake.requestSupplement", "approval.deliverResult"]);
    }

    [Test]
    public void A_supplement_message_while_no_branch_waits_for_one_is_refused()
    {
        var run = Simulated.Run(File, Start, Distribute, SupplementReceived);

        run.Exit.ShouldBe(2);
        run.Error.ShouldNotBeNull().ShouldContain("supplementReceived");
    }

    private static Run Started()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);
        run.Start(Run.Vars(
            ("leadDepartment", "development-reform"),
            ("coDepartments", new[] { "natural-resources", "housing-construction", "ecology-environment" }),
            ("departmentLimit", 3)));
        run.Complete("Task_Distribute");
        return run;
    }
}
