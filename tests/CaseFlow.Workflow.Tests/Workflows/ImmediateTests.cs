namespace CaseFlow.Workflow.Tests.Workflows;

/// <summary>workflows/immediate.bpmn (即办件): decided on the spot, then the result is delivered.</summary>
public sealed class ImmediateTests
{
    private const string File = "immediate.bpmn";

    [Test]
    public void The_case_waits_at_the_window_for_the_clerk_with_no_timer()
    {
        var run = Simulated.Run(File, """{"start":{"variables":{}}}""");

        run.Exit.ShouldBe(0);
        run.Of("taskCreated").ShouldBe(["Task_DecideOnTheSpot"]);
        run.Of("timerScheduled").ShouldBeEmpty();
        run.State.ShouldBe("""{"state":"running","active":["Task_DecideOnTheSpot"]}""");
    }

    [Test]
    public void One_task_decided_on_the_spot_then_the_result_is_delivered()
    {
        var run = Simulated.Run(File, """{"start":{"variables":{}}}""", """{"complete":"Task_DecideOnTheSpot","outcome":"approve"}""");

        run.Exit.ShouldBe(0);
        run.Events.Select(e => $"{e.Event} {e.Element}").ShouldBe([
            "entered Start_ApplicationReceived", "left Start_ApplicationReceived",
            "entered Task_DecideOnTheSpot", "taskCreated Task_DecideOnTheSpot", "taskCompleted Task_DecideOnTheSpot", "left Task_DecideOnTheSpot",
            "entered Task_DeliverResult", "left Task_DeliverResult",
            "entered End_Completed", "left End_Completed",
            "completed immediate",
        ]);
        run.Events.ShouldAllBe(e => e.T == "2026-03-02T09:00:00+08:00");
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }
}
