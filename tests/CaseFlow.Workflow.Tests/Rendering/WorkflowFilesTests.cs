using System.Xml.Linq;
using CaseFlow.Workflow.Rendering;
using static CaseFlow.Workflow.Tests.Rendering.TestFiles;

namespace CaseFlow.Workflow.Tests.Rendering;

/// <summary>The process files in workflows/ are published to the public, so each must draw completely.</summary>
public sealed class WorkflowFilesTests
{
    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly XNamespace Caseflow = "http://caseflow.dev/schema/bpmn/1.0";

    private static readonly string[] FlowNodeKinds =
    [
        "startEvent", "endEvent", "userTask", "serviceTask", "exclusiveGateway", "parallelGateway",
        "subProcess", "intermediateCatchEvent", "boundaryEvent",
    ];

    [Test]
    public void The_five_processes_of_the_center_are_there()
    {
        var files = TestFiles.Workflows().ToList();

        files.ShouldBe(["approval-parallel.bpmn", "approval-single.bpmn", "hotline-ticket.bpmn", "immediate.bpmn", "intake.bpmn"], ignoreOrder: true);
    }

    [TestCaseSource(typeof(TestFiles), nameof(Workflows))]
    public void Every_workflow_renders_to_well_formed_svg_with_every_element_drawn(string fileName)
    {
        var bpmn = Load(fileName);
        var diagramIds = bpmn.Descendants().Where(e => e.Name.LocalName is "BPMNShape" or "BPMNEdge").Select(e => (string)e.Attribute("bpmnElement")!).ToList();

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(File.ReadAllText(PathOf(fileName))));

        ElementGroups(svg).Select(g => (string)g.Attribute("data-element-id")!).ShouldBe(diagramIds, ignoreOrder: true);
    }

    [TestCaseSource(typeof(TestFiles), nameof(Workflows))]
    public void Every_flow_node_has_a_shape_and_every_sequence_flow_an_edge(string fileName)
    {
        var bpmn = Load(fileName);
        var shapes = bpmn.Descendants().Where(e => e.Name.LocalName == "BPMNShape").Select(e => (string)e.Attribute("bpmnElement")!).ToHashSet();
        var edges = bpmn.Descendants().Where(e => e.Name.LocalName == "BPMNEdge" && e.Elements().Count(w => w.Name.LocalName == "waypoint") >= 2)
            .Select(e => (string)e.Attribute("bpmnElement")!).ToHashSet();

        var flowNodes = bpmn.Descendants().Where(e => e.Name.Namespace == Bpmn && FlowNodeKinds.Contains(e.Name.LocalName)).Select(e => (string)e.Attribute("id")!).ToList();
        var flows = bpmn.Descendants(Bpmn + "sequenceFlow").Select(e => (string)e.Attribute("id")!).ToList();

        flowNodes.ShouldNotBeEmpty();
        flowNodes.Where(id => !shapes.Contains(id)).ShouldBeEmpty();
        flows.Where(id => !edges.Contains(id)).ShouldBeEmpty();
    }

    [TestCaseSource(typeof(TestFiles), nameof(Workflows))]
    public void Every_workflow_uses_only_the_supported_subset(string fileName)
    {
        var process = Load(fileName).Root!.Element(Bpmn + "process")!;
        string[] allowed = [.. FlowNodeKinds, "sequenceFlow", "incoming", "outgoing", "conditionExpression", "multiInstanceLoopCharacteristics", "completionCondition", "timerEventDefinition", "messageEventDefinition", "timeDuration", "timeDate", "terminateEventDefinition"];

        var outside = process.Descendants().Where(e => e.Name.Namespace == Bpmn && !allowed.Contains(e.Name.LocalName)).Select(e => e.Name.LocalName);

        outside.ShouldBeEmpty();
        process.Elements(Bpmn + "startEvent").ShouldAllBe(start => !start.HasElements || start.Elements().All(e => e.Name.LocalName == "outgoing"));
    }

    [TestCaseSource(typeof(TestFiles), nameof(Workflows))]
    public void Every_flow_out_of_a_branching_exclusive_gateway_has_a_condition_or_is_its_default(string fileName)
    {
        var process = Load(fileName).Root!.Element(Bpmn + "process")!;
        var flows = process.Descendants(Bpmn + "sequenceFlow").ToList();

        var unguarded =
            from gateway in process.Descendants(Bpmn + "exclusiveGateway")
            let outgoing = flows.Where(f => (string?)f.Attribute("sourceRef") == (string?)gateway.Attribute("id")).ToList()
            where outgoing.Count > 1
            from flow in outgoing
            where flow.Element(Bpmn + "conditionExpression") is null && (string?)gateway.Attribute("default") != (string?)flow.Attribute("id")
            select (string?)flow.Attribute("id");

        unguarded.ShouldBeEmpty();
    }

    [TestCaseSource(typeof(TestFiles), nameof(Workflows))]
    public void Every_service_task_names_its_handler_and_every_user_task_its_candidates(string fileName)
    {
        var process = Load(fileName).Root!.Element(Bpmn + "process")!;

        process.Descendants(Bpmn + "serviceTask").ShouldAllBe(t => !string.IsNullOrWhiteSpace((string?)t.Attribute(Caseflow + "handler")));
        process.Descendants(Bpmn + "userTask").ShouldAllBe(t =>
            t.Attribute(Caseflow + "candidateRole") != null || t.Attribute(Caseflow + "candidateDepartment") != null || t.Attribute(Caseflow + "assignee") != null);
    }

    [Test]
    public void Intake_can_issue_the_deficiency_notice_at_most_once()
    {
        var process = Load("intake.bpmn").Root!.Element(Bpmn + "process")!;

        var reachable = ReachableFrom(process, "Task_IssueDeficiencyNotice");

        reachable.ShouldContain("Task_RecheckMaterials");
        reachable.ShouldNotContain("Task_IssueDeficiencyNotice");
    }

    [Test]
    public void A_recheck_that_loops_back_to_the_notice_is_caught_by_the_single_notice_check()
    {
        var process = Load("intake.bpmn").Root!.Element(Bpmn + "process")!;
        process.Elements(Bpmn + "sequenceFlow").Single(f => (string?)f.Attribute("id") == "Flow_StillNotAcceptable")
            .SetAttributeValue("targetRef", "Task_IssueDeficiencyNotice");

        var reachable = ReachableFrom(process, "Task_IssueDeficiencyNotice");

        reachable.ShouldContain("Task_IssueDeficiencyNotice");
    }

    [Test]
    public void Intake_pauses_the_clock_while_waiting_for_the_supplement()
    {
        var process = Load("intake.bpmn").Root!.Element(Bpmn + "process")!;

        var wait = process.Elements(Bpmn + "intermediateCatchEvent").Single(e => (string?)e.Attribute("id") == "Catch_SupplementReceived");

        ((string?)wait.Attribute(Caseflow + "pausesClock")).ShouldBe("true");
        wait.Element(Bpmn + "messageEventDefinition").ShouldNotBeNull();
    }

    // Flow nodes reachable from an element by sequence flows and through boundary events on the way.
    private static HashSet<string> ReachableFrom(XElement process, string elementId)
    {
        var next = process.Descendants(Bpmn + "sequenceFlow")
            .Select(f => (From: (string)f.Attribute("sourceRef")!, To: (string)f.Attribute("targetRef")!))
            .Concat(process.Descendants(Bpmn + "boundaryEvent").Select(b => (From: (string)b.Attribute("attachedToRef")!, To: (string)b.Attribute("id")!)))
            .ToLookup(link => link.From, link => link.To);
        var reachable = new HashSet<string>();
        var pending = new Stack<string>(next[elementId]);
        while (pending.TryPop(out var id))
        {
            if (reachable.Add(id))
            {
                foreach (var target in next[id])
                {
                    pending.Push(target);
                }
            }
        }

        return reachable;
    }

    private static string PathOf(string fileName) => Path.Combine(WorkflowsDirectory, fileName);

    private static XDocument Load(string fileName) => XDocument.Load(PathOf(fileName));
}
