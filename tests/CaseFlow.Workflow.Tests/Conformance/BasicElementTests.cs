using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Tests.Support;
using static CaseFlow.Workflow.Tests.Support.Bpmn;

namespace CaseFlow.Workflow.Tests.Conformance;

/// <summary>Each supported element on its own: start, end, user and service tasks, gateways.</summary>
public sealed class BasicElementTests
{
    [Test]
    public void Start_to_end_completes_at_once()
    {
        var run = new Run("""<startEvent id="start"/><endEvent id="end"/>""" + Chain("start", "end"));

        run.Start();

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Of(WorkflowEventKind.Entered).ShouldBe(["start", "end"]);
        run.Of(WorkflowEventKind.Completed).ShouldBe(["p"]);
        run.Active.ShouldBeEmpty();
    }

    [Test]
    public void User_task_waits_until_it_is_completed()
    {
        var run = new Run("""<startEvent id="start"/><userTask id="review" name="Review"/><endEvent id="end"/>""" + Chain("start", "review", "end"));

        run.Start();
        var waiting = run.Active;
        run.Complete("review", outcome: "approve", actor: "clerk-7");

        waiting.ShouldBe(["review"]);
        run.Status.ShouldBe(InstanceStatus.Completed);
        var completed = run.Events.Single(e => e.Kind == WorkflowEventKind.TaskCompleted);
        completed.Actor.ShouldBe("clerk-7");
        completed.Outcome.ShouldBe("approve");
        run.Variable("outcome").GetString().ShouldBe("approve");
        run.Commands.OfType<CreateTask>().Single().Task.Name.ShouldBe("Review");
    }

    [Test]
    public void Service_task_runs_its_handler_through_the_port_and_keeps_the_result()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <serviceTask id="receipt" caseflow:handler="intake.issueReceipt"/>
            <exclusiveGateway id="issued" default="toEnd"/>
            <userTask id="fix"/>
            <endEvent id="end"/>
            """ + Chain("start", "receipt", "issued") + Flow("issued", "fix", "receiptNo == null") + Flow("issued", "end", id: "toEnd") + Chain("fix", "end"));
        run.Services!.Handlers["intake.issueReceipt"] = call => Run.Vars(("receiptNo", "R-001"));

        run.Start(Run.Vars(("applicant", "Li Wei")));

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Services.Calls.Single().Handler.ShouldBe("intake.issueReceipt");
        run.Services.Calls.Single().Variables.Keys.ShouldContain("applicant");
        run.Variable("receiptNo").GetString().ShouldBe("R-001");
    }

    [Test]
    public void Service_task_without_a_port_waits_for_its_result()
    {
        var run = new Run("""<startEvent id="start"/><serviceTask id="check" caseflow:handler="x.check"/><endEvent id="end"/>""" + Chain("start", "check", "end"))
        {
            Services = null,
        };

        run.Start();
        var invocation = run.Commands.OfType<InvokeServiceTask>().Single();
        var waiting = run.Active;
        run.Apply(new CompleteServiceTask(invocation.JobId, Run.Vars(("checked", true))));

        waiting.ShouldBe(["check"]);
        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Variable("checked").GetBoolean().ShouldBeTrue();
    }

    [Test]
    public void Exclusive_gateway_takes_the_first_true_condition_in_document_order()
    {
        var run = new Run("""
            <startEvent id="start"/><exclusiveGateway id="g"/>
            <userTask id="big"/><userTask id="small"/>
            """ + Chain("start", "g") + Flow("g", "big", "amount >= 10") + Flow("g", "small", "amount >= 0"));

        run.Start(Run.Vars(("amount", 50)));

        run.Active.ShouldBe(["big"]);
    }

    [Test]
    public void Exclusive_gateway_takes_the_default_flow_when_no_condition_holds()
    {
        var run = new Run("""
            <startEvent id="start"/><exclusiveGateway id="g" default="other"/>
            <userTask id="approve"/><userTask id="manual"/>
            """ + Chain("start", "g") + Flow("g", "approve", "outcome == 'approve'") + Flow("g", "manual", id: "other"));

        run.Start(Run.Vars(("outcome", "refuse")));

        run.Active.ShouldBe(["manual"]);
    }

    [Test]
    public void Exclusive_gateway_with_no_true_condition_and_no_default_refuses_the_trigger()
    {
        var run = new Run("""
            <startEvent id="start"/><userTask id="decide"/><exclusiveGateway id="g"/>
            <endEvent id="a"/><endEvent id="b"/>
            """ + Chain("start", "decide", "g") + Flow("g", "a", "x == 1") + Flow("g", "b", "x == 2"));
        run.Start();
        var before = run.State;

        var result = run.Complete("decide", variables: Run.Vars(("x", 3)));

        result.Applied.ShouldBeFalse();
        result.Error.ShouldBe("exclusiveGateway 'g': no condition is true and there is no default flow");
        result.State.ShouldBeSameAs(before);
        run.Active.ShouldBe(["decide"]);
    }

    [Test]
    public void Exclusive_gateway_merges_paths_without_waiting()
    {
        var run = new Run("""
            <startEvent id="start"/><exclusiveGateway id="split" default="viaB"/>
            <userTask id="a"/><userTask id="b"/><exclusiveGateway id="merge"/><userTask id="after"/>
            """ + Chain("start", "split") + Flow("split", "a", "path == 'a'") + Flow("split", "b", id: "viaB")
                + Chain("a", "merge") + Chain("b", "merge") + Chain("merge", "after"));

        run.Start(Run.Vars(("path", "a")));
        run.Complete("a");

        run.Active.ShouldBe(["after"]);
    }

    [Test]
    public void Parallel_fork_creates_a_token_for_every_branch()
    {
        var run = new Run("""
            <startEvent id="start"/><parallelGateway id="fork"/>
            <userTask id="a"/><userTask id="b"/><userTask id="c"/>
            """ + Chain("start", "fork") + Chain("fork", "a") + Chain("fork", "b") + Chain("fork", "c"));

        run.Start();

        run.Active.ShouldBe(["a", "b", "c"]);
        run.State.Tasks.Count.ShouldBe(3);
    }

    [Test]
    public void Parallel_join_waits_for_every_branch()
    {
        var run = new Run("""
            <startEvent id="start"/><parallelGateway id="fork"/>
            <userTask id="a"/><userTask id="b"/><parallelGateway id="join"/><userTask id="after"/>
            """ + Chain("start", "fork") + Chain("fork", "a", "join") + Chain("fork", "b", "join") + Chain("join", "after"));
        run.Start();

        run.Complete("a");
        var afterFirst = run.Active;
        run.Complete("b");

        afterFirst.ShouldBe(["b", "join"]);
        run.Active.ShouldBe(["after"]);
        run.Tasks("after").Count.ShouldBe(1);
    }

    [Test]
    public void Nested_forks_join_inner_branches_before_the_outer_join()
    {
        var run = new Run("""
            <startEvent id="start"/><parallelGateway id="outerFork"/>
            <parallelGateway id="innerFork"/><userTask id="a1"/><userTask id="a2"/><parallelGateway id="innerJoin"/>
            <userTask id="b"/><parallelGateway id="outerJoin"/><endEvent id="end"/>
            """ + Chain("start", "outerFork") + Chain("outerFork", "innerFork") + Chain("outerFork", "b", "outerJoin")
                + Chain("innerFork", "a1", "innerJoin") + Chain("innerFork", "a2", "innerJoin") + Chain("innerJoin", "outerJoin") + Chain("outerJoin", "end"));
        run.Start();

        run.Complete("a1");
        run.Complete("b");
        var beforeLast = run.Active;
        run.Complete("a2");

        beforeLast.ShouldBe(["a2", "innerJoin", "outerJoin"]);
        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Of(WorkflowEventKind.Left).Count(e => e == "outerJoin").ShouldBe(1);
    }

    [Test]
    public void Activity_with_two_unconditional_outgoing_flows_forks_implicitly()
    {
        var run = new Run("""<startEvent id="start"/><userTask id="a"/><userTask id="b"/><userTask id="c"/>""" + Chain("start", "a") + Chain("a", "b") + Chain("a", "c"));

        run.Start();
        run.Complete("a");

        run.Active.ShouldBe(["b", "c"]);
    }

    [Test]
    public void Terminate_end_event_ends_the_process_and_cancels_other_branches()
    {
        var run = new Run("""
            <startEvent id="start"/><parallelGateway id="fork"/>
            <userTask id="a"/><userTask id="b"/>
            <endEvent id="kill"><terminateEventDefinition/></endEvent><endEvent id="end"/>
            """ + Chain("start", "fork") + Chain("fork", "a", "kill") + Chain("fork", "b", "end"));
        run.Start();

        run.Complete("a");

        run.Status.ShouldBe(InstanceStatus.Terminated);
        run.State.Tasks.ShouldBeEmpty();
        run.Commands.OfType<CancelTask>().Count().ShouldBe(1);
        run.Events.ShouldContain(e => e.Kind == WorkflowEventKind.Left && e.ElementId == "b" && e.Cancelled);
        run.Of(WorkflowEventKind.Terminated).ShouldBe(["p"]);
    }

    [Test]
    public void A_completed_instance_refuses_further_triggers()
    {
        var run = new Run("""<startEvent id="start"/><endEvent id="end"/>""" + Chain("start", "end"));
        run.Start();

        var result = run.Apply(new CorrelateMessage("anything"));

        result.Applied.ShouldBeFalse();
        result.Error.ShouldBe("the instance is completed");
    }

    [Test]
    public void Completing_an_unknown_task_is_refused_with_a_reason()
    {
        var run = new Run("""<startEvent id="start"/><userTask id="a"/>""" + Chain("start", "a"));
        run.Start();

        var result = run.Apply(new CompleteUserTask("task-999"));

        result.Error.ShouldBe("there is no open task 'task-999'");
    }
}
