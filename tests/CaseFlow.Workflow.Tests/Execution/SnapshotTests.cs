using System.Text.Json;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Tests.Support;
using static CaseFlow.Workflow.Tests.Support.Bpmn;

namespace CaseFlow.Workflow.Tests.Execution;

public sealed class SnapshotTests
{
    private const string Process = """
        <startEvent id="start"/>
        <subProcess id="review">
          <multiInstanceLoopCharacteristics caseflow:collection="departments" caseflow:elementVariable="department"/>
          <startEvent id="s"/><userTask id="opinion" caseflow:candidateDepartment="department"/><endEvent id="e"/>
        </subProcess>
        <boundaryEvent id="late" attachedToRef="review" cancelActivity="false"><timerEventDefinition caseflow:workingDays="3"/></boundaryEvent>
        <userTask id="remind"/><userTask id="decide"/>
        """;

    private static readonly string Flows = Chain("start", "review", "decide") + Chain("late", "remind");

    [Test]
    public void A_state_survives_a_json_round_trip_and_the_instance_goes_on_from_it()
    {
        var body = Process.Replace("<endEvent id=\"e\"/>", "<endEvent id=\"e\"/>" + Chain("s", "opinion", "e"), StringComparison.Ordinal) + Flows;
        var run = new Run(body);
        run.Start(Run.Vars(("departments", new[] { "fire", "planning" }), ("applicant", new Dictionary<string, object?> { ["name"] = "王芳", ["age"] = 34 })));
        run.Complete("opinion");

        var json = JsonSerializer.Serialize(run.State);
        var restored = JsonSerializer.Deserialize<InstanceState>(json)!;
        var copy = new Run(run.Definition, run.Now) { State = restored };
        copy.Complete("opinion");
        copy.Advance(TimeSpan.FromDays(5));

        JsonSerializer.Serialize(restored).ShouldBe(json);
        json.ShouldContain("\"Status\":\"Running\"");
        restored.Scopes.Select(s => s.Kind).ShouldBe([ScopeKind.Process, ScopeKind.MultiInstanceBody, ScopeKind.MultiInstanceItem, ScopeKind.SubProcess]);
        copy.Active.ShouldBe(["decide"]);
    }

    [Test]
    public void The_same_trigger_on_the_same_state_gives_the_same_result()
    {
        var body = Process.Replace("<endEvent id=\"e\"/>", "<endEvent id=\"e\"/>" + Chain("s", "opinion", "e"), StringComparison.Ordinal) + Flows;
        var first = new Run(body);
        var second = new Run(body);

        first.Start(Run.Vars(("departments", new[] { "fire", "planning", "health" })));
        second.Start(Run.Vars(("departments", new[] { "fire", "planning", "health" })));
        first.Complete("opinion", item: 2);
        second.Complete("opinion", item: 2);

        JsonSerializer.Serialize(second.State).ShouldBe(JsonSerializer.Serialize(first.State));
        JsonSerializer.Serialize(second.Events).ShouldBe(JsonSerializer.Serialize(first.Events));
    }

    [Test]
    public void Applying_a_trigger_never_changes_the_state_it_was_given()
    {
        var body = Process.Replace("<endEvent id=\"e\"/>", "<endEvent id=\"e\"/>" + Chain("s", "opinion", "e"), StringComparison.Ordinal) + Flows;
        var run = new Run(body);
        run.Start(Run.Vars(("departments", new[] { "fire" })));
        var before = run.State;
        var json = JsonSerializer.Serialize(before);

        run.Complete("opinion", variables: Run.Vars(("opinion", "agree")));

        JsonSerializer.Serialize(before).ShouldBe(json);
        run.State.ShouldNotBeSameAs(before);
    }

    [Test]
    public void A_process_that_loops_without_waiting_is_stopped_with_a_reason()
    {
        var run = new Run("""
            <startEvent id="start"/><exclusiveGateway id="a"/><exclusiveGateway id="b"/>
            """ + Chain("start", "a", "b") + Flow("b", "a", id: "back"));

        var result = run.Start();

        result.Error.ShouldBe("the trigger ran more than 100000 steps without waiting; the process loops");
    }
}
