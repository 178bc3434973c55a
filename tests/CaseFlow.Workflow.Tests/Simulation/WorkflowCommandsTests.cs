using System.Text.Json;
using CaseFlow.Workflow.Simulation;
using CaseFlow.Workflow.Tests.Support;
using static CaseFlow.Workflow.Tests.Support.Bpmn;

namespace CaseFlow.Workflow.Tests.Simulation;

public sealed class WorkflowCommandsTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("caseflow-sim-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static readonly string Review = Document("""
        <startEvent id="start"/><userTask id="review"/>
        <boundaryEvent id="late" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeDuration>PT4H</timeDuration></timerEventDefinition></boundaryEvent>
        <exclusiveGateway id="decided" default="refuse"/>
        <endEvent id="approved"/><endEvent id="refused"/><userTask id="remind"/>
        """ + Chain("start", "review", "decided") + Flow("decided", "approved", "outcome == 'approve'") + Flow("decided", "refused", id: "refuse") + Chain("late", "remind"));

    [Test]
    public void Simulate_prints_one_json_object_per_event_then_the_state()
    {
        var file = Write("review.bpmn", Review);
        var output = new StringWriter();

        var exit = WorkflowCommands.Simulate(file, """[{"start":{"variables":{}}},{"advance":"PT5H"},{"complete":"review","outcome":"approve"}]""", null, output);

        exit.ShouldBe(0);
        var lines = output.ToString().TrimEnd().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines[0].GetRawText().ShouldBe("""{"t":"2026-03-02T09:00:00+08:00","event":"entered","element":"start"}""");
        lines.ShouldContain(l => l.GetRawText() == """{"t":"2026-03-02T13:00:00+08:00","event":"timerFired","element":"late"}""");
        lines.ShouldContain(l => l.GetRawText() == """{"t":"2026-03-02T14:00:00+08:00","event":"taskCompleted","element":"review"}""");
        lines.ShouldContain(l => l.GetRawText() == """{"t":"2026-03-02T14:00:00+08:00","event":"entered","element":"approved"}""");
        lines[^1].GetRawText().ShouldBe("""{"state":"running","active":["remind"]}""");
    }

    [Test]
    public void Simulate_reads_the_steps_from_a_file_and_honours_the_start_time()
    {
        var file = Write("review.bpmn", Review);
        var steps = Write("steps.json", """[{"start":{}},{"complete":"review","item":0,"outcome":"no"}]""");
        var output = new StringWriter();

        var exit = WorkflowCommands.Simulate(file, steps, new DateTimeOffset(2026, 5, 6, 10, 30, 0, TimeSpan.FromHours(8)), output);

        exit.ShouldBe(0);
        output.ToString().ShouldStartWith("""{"t":"2026-05-06T10:30:00+08:00","event":"entered","element":"start"}""");
        output.ToString().TrimEnd().Split('\n')[^1].ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void Simulate_exits_with_1_for_an_invalid_definition()
    {
        var file = Write("bad.bpmn", Document("""<startEvent id="start"/><scriptTask id="script"/>""" + Chain("start", "script")));
        var output = new StringWriter();

        var exit = WorkflowCommands.Simulate(file, "[]", null, output);

        exit.ShouldBe(1);
        output.ToString().ShouldContain("scriptTask 'script' is not supported by CaseFlow");
    }

    [Test]
    public void Simulate_exits_with_2_naming_the_step_that_cannot_apply()
    {
        var file = Write("review.bpmn", Review);
        var output = new StringWriter();

        var exit = WorkflowCommands.Simulate(file, """[{"start":{}},{"complete":"approve"}]""", null, output);

        exit.ShouldBe(2);
        var lines = output.ToString().TrimEnd().Split('\n');
        lines[^2].ShouldBe("""{"error":"step 2 (complete \"approve\"): no open task of 'approve' (open: review)"}""");
        lines[^1].ShouldBe("""{"state":"running","active":["review"]}""");
    }

    [Test]
    public void Advance_fires_every_timer_due_by_then_in_due_order()
    {
        var file = Write("timers.bpmn", Document("""
            <startEvent id="start"/><parallelGateway id="fork"/>
            <intermediateCatchEvent id="late"><timerEventDefinition><timeDuration>P2D</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <intermediateCatchEvent id="early"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <intermediateCatchEvent id="then"><timerEventDefinition><timeDuration>PT2H</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <endEvent id="e1"/><endEvent id="e2"/>
            """ + Chain("start", "fork") + Chain("fork", "late", "e1") + Chain("fork", "early", "then", "e2")));
        var output = new StringWriter();

        var exit = WorkflowCommands.Simulate(file, """[{"start":{}},{"advance":"P3D"}]""", null, output);

        exit.ShouldBe(0);
        var fired = output.ToString().Split('\n').Where(l => l.Contains("timerFired", StringComparison.Ordinal)).ToList();
        fired.ShouldBe([
            """{"t":"2026-03-02T10:00:00+08:00","event":"timerFired","element":"early"}""",
            """{"t":"2026-03-02T12:00:00+08:00","event":"timerFired","element":"then"}""",
            """{"t":"2026-03-04T09:00:00+08:00","event":"timerFired","element":"late"}""",
        ]);
        output.ToString().TrimEnd().Split('\n')[^1].ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void Validate_prints_file_and_line_for_each_problem_and_exits_with_1()
    {
        var good = Write("good.bpmn", Review);
        var xml = Document("""<startEvent id="start"/><inclusiveGateway id="g"/>""" + Chain("start", "g"));
        var bad = Write("bad.bpmn", xml);
        var output = new StringWriter();

        var exit = WorkflowCommands.Validate([good, bad], output);

        exit.ShouldBe(1);
        var line = output.ToString().TrimEnd().ShouldNotBeNull();
        line.ShouldBe($"{bad}:{xml.Split('\n').ToList().FindIndex(l => l.Contains("inclusiveGateway", StringComparison.Ordinal)) + 1}: inclusiveGateway 'g' is not supported by CaseFlow: use exclusive or parallel gateways");
    }

    [Test]
    public void Validate_exits_with_0_when_every_file_is_valid()
    {
        var output = new StringWriter();

        var exit = WorkflowCommands.Validate([Bpmn.SamplePath("c8-usertasks-parallel.bpmn"), Bpmn.SamplePath("c7-message-start.bpmn")], output);

        exit.ShouldBe(0);
        output.ToString().ShouldBeEmpty();
    }
}
