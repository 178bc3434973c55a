using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Tests.Support;
using static CaseFlow.Workflow.Tests.Support.Bpmn;

namespace CaseFlow.Workflow.Tests.Conformance;

/// <summary>Embedded subProcesses and multi-instance activities: scopes that complete when their tokens are gone.</summary>
public sealed class ScopeTests
{
    [Test]
    public void Embedded_subprocess_completes_when_no_token_remains_inside()
    {
        var run = new Run($"""
            <startEvent id="start"/>
            <subProcess id="sub">
              <startEvent id="subStart"/><userTask id="inner"/><endEvent id="subEnd"/>
              {Chain("subStart", "inner", "subEnd")}
            </subProcess>
            <userTask id="after"/>
            """ + Chain("start", "sub", "after"));

        run.Start();
        var inside = run.Active;
        run.Complete("inner");

        inside.ShouldBe(["inner", "sub"]);
        run.Active.ShouldBe(["after"]);
        run.State.Scopes.Count.ShouldBe(1);
    }

    [Test]
    public void Parallel_branches_inside_a_subprocess_join_before_the_subprocess_completes()
    {
        var run = new Run($"""
            <startEvent id="start"/>
            <subProcess id="sub">
              <startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/>
              <parallelGateway id="join"/><endEvent id="e"/>
              {Chain("s", "fork") + Chain("fork", "a", "join") + Chain("fork", "b", "join") + Chain("join", "e")}
            </subProcess>
            <endEvent id="end"/>
            """ + Chain("start", "sub", "end"));
        run.Start();

        run.Complete("b");
        var halfway = run.Active;
        run.Complete("a");

        halfway.ShouldBe(["a", "join", "sub"]);
        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void Subprocess_without_a_start_event_starts_at_its_elements_without_incoming_flows()
    {
        var run = new Run($"""
            <startEvent id="start"/>
            <subProcess id="sub"><userTask id="first"/><userTask id="second"/>{Chain("first", "second")}</subProcess>
            <endEvent id="end"/>
            """ + Chain("start", "sub", "end"));

        run.Start();
        run.Complete("first");
        run.Complete("second");

        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void Terminate_end_inside_a_subprocess_ends_only_the_subprocess()
    {
        var run = new Run($"""
            <startEvent id="start"/>
            <subProcess id="sub">
              <startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/>
              <endEvent id="stop"><terminateEventDefinition/></endEvent>
              {Chain("s", "fork") + Chain("fork", "a", "stop") + Chain("fork", "b")}
            </subProcess>
            <userTask id="after"/>
            """ + Chain("start", "sub", "after"));
        run.Start();

        run.Complete("a");

        run.Status.ShouldBe(InstanceStatus.Running);
        run.Active.ShouldBe(["after"]);
        run.Tasks("b").ShouldBeEmpty();
    }

    [Test]
    public void Parallel_multi_instance_creates_one_task_per_item_with_its_element_variable()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="review" caseflow:candidateDepartment="department">
              <multiInstanceLoopCharacteristics isSequential="false" caseflow:collection="departments" caseflow:elementVariable="department"/>
            </userTask>
            <endEvent id="end"/>
            """ + Chain("start", "review", "end"));

        run.Start(Run.Vars(("departments", new[] { "planning", "fire", "health" })));

        run.Tasks("review").Select(t => t.CandidateDepartment).ShouldBe(["planning", "fire", "health"]);
        run.Tasks("review").Select(t => t.LoopCounter).ShouldBe([0, 1, 2]);
        run.Complete("review", item: 1);
        run.Complete("review");
        run.Complete("review");
        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void Sequential_multi_instance_creates_the_next_task_after_the_previous_completes()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="sign" caseflow:assignee="signer">
              <multiInstanceLoopCharacteristics isSequential="true" caseflow:collection="signers" caseflow:elementVariable="signer"/>
            </userTask>
            <endEvent id="end"/>
            """ + Chain("start", "sign", "end"));

        run.Start(Run.Vars(("signers", new[] { "wang", "zhang" })));
        var first = run.Tasks("sign").Select(t => t.Assignee).ToList();
        run.Complete("sign");
        var second = run.Tasks("sign").Select(t => t.Assignee).ToList();
        run.Complete("sign");

        first.ShouldBe(["wang"]);
        second.ShouldBe(["zhang"]);
        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void Multi_instance_completion_condition_cancels_the_remaining_instances()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="vote">
              <multiInstanceLoopCharacteristics caseflow:collection="voters" caseflow:elementVariable="voter">
                <completionCondition>nrOfCompletedInstances >= 2</completionCondition>
              </multiInstanceLoopCharacteristics>
            </userTask>
            <userTask id="after"/>
            """ + Chain("start", "vote", "after"));
        run.Start(Run.Vars(("voters", new[] { "a", "b", "c", "d" })));

        run.Complete("vote");
        run.Complete("vote");

        run.Active.ShouldBe(["after"]);
        run.Tasks("vote").ShouldBeEmpty();
        run.Events.Count(e => e.Kind == WorkflowEventKind.TaskCancelled).ShouldBe(2);
        run.State.Scopes.Count.ShouldBe(1);
    }

    [Test]
    public void Multi_instance_over_an_empty_collection_passes_straight_through()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="review"><multiInstanceLoopCharacteristics caseflow:collection="departments" caseflow:elementVariable="d"/></userTask>
            <endEvent id="end"/>
            """ + Chain("start", "review", "end"));

        run.Start(Run.Vars(("departments", Array.Empty<string>())));

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Of(WorkflowEventKind.TaskCreated).ShouldBeEmpty();
    }

    [Test]
    public void Multi_instance_with_a_collection_that_is_not_a_list_is_refused()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="review"><multiInstanceLoopCharacteristics caseflow:collection="departments" caseflow:elementVariable="d"/></userTask>
            """ + Chain("start", "review"));

        var result = run.Start(Run.Vars(("departments", "planning")));

        result.Error.ShouldBe("the multi-instance collection of 'review' ('departments') gave \"planning\", not a list");
    }

    [Test]
    public void Loop_cardinality_runs_that_many_instances()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="check"><multiInstanceLoopCharacteristics isSequential="true"><loopCardinality>3</loopCardinality></multiInstanceLoopCharacteristics></userTask>
            <endEvent id="end"/>
            """ + Chain("start", "check", "end"));
        run.Start();

        for (var i = 0; i < 3; i++)
        {
            run.Complete("check");
        }

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Of(WorkflowEventKind.TaskCreated).Count.ShouldBe(3);
    }

    [Test]
    public void Multi_instance_subprocess_runs_its_body_once_per_item()
    {
        var run = new Run($"""
            <startEvent id="start"/>
            <subProcess id="perDepartment">
              <multiInstanceLoopCharacteristics caseflow:collection="departments" caseflow:elementVariable="department"/>
              <startEvent id="s"/><userTask id="opinion" caseflow:candidateDepartment="department"/><userTask id="countersign" caseflow:candidateDepartment="department"/><endEvent id="e"/>
              {Chain("s", "opinion", "countersign", "e")}
            </subProcess>
            <userTask id="decide"/>
            """ + Chain("start", "perDepartment", "decide"));
        run.Start(Run.Vars(("departments", new[] { "planning", "fire" })));

        run.Complete("opinion", item: 1);
        var afterOne = run.Tasks("countersign").Select(t => t.CandidateDepartment).ToList();
        run.Complete("opinion");
        run.Complete("countersign");
        run.Complete("countersign");

        afterOne.ShouldBe(["fire"]);
        run.Active.ShouldBe(["decide"]);
    }

    [Test]
    public void Completion_condition_can_read_the_items_element_variable_and_case_variables()
    {
        var run = new Run("""
            <startEvent id="start"/>
            <userTask id="review">
              <multiInstanceLoopCharacteristics caseflow:collection="departments" caseflow:elementVariable="department">
                <completionCondition>${department == lead or nrOfActiveInstances == 0}</completionCondition>
              </multiInstanceLoopCharacteristics>
            </userTask>
            <userTask id="after"/>
            """ + Chain("start", "review", "after"));
        run.Start(Run.Vars(("departments", new[] { "fire", "planning", "health" }), ("lead", "planning")));

        run.Complete("review", item: 1);

        run.Active.ShouldBe(["after"]);
    }
}
