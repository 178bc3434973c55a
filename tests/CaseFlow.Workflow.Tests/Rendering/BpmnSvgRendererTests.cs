using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using CaseFlow.Workflow.Rendering;
using static CaseFlow.Workflow.Tests.Rendering.TestFiles;

namespace CaseFlow.Workflow.Tests.Rendering;

public sealed class BpmnSvgRendererTests
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    [Test]
    public void Output_is_an_svg_document_in_the_svg_namespace()
    {
        var bpmn = Bpmn.Line();

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        svg.Root!.Name.ShouldBe(SvgNs + "svg");
        ((string?)svg.Root.Attribute("viewBox")).ShouldNotBeNullOrEmpty();
        ((string)svg.Root.Attribute("font-family")!).ShouldContain("WenQuanYi Zen Hei");
        ((string)svg.Root.Attribute("font-family")!).ShouldContain("Microsoft YaHei");
        ((string?)svg.Root.Attribute("font-family")).ShouldEndWith("sans-serif");
    }

    [Test]
    public void Every_shape_and_edge_of_a_modeler_file_is_drawn_once()
    {
        var bpmn = Sample("c7-modeler-complex-mi.bpmn");
        var diIds = XDocument.Parse(bpmn).Descendants()
            .Where(e => e.Name.LocalName is "BPMNShape" or "BPMNEdge")
            .Select(e => (string)e.Attribute("bpmnElement")!)
            .Order(StringComparer.Ordinal)
            .ToList();

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        diIds.Count.ShouldBe(25);
        ElementGroups(svg).Select(g => (string)g.Attribute("data-element-id")!).Order(StringComparer.Ordinal).ShouldBe(diIds);
    }

    [Test]
    public void Each_element_group_carries_its_type_and_a_hover_title()
    {
        var bpmn = Bpmn.Line(nameOfA: "审核材料");

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        var task = GroupOf(svg, "TaskA");
        ((string?)task.Attribute("data-element-type")).ShouldBe("userTask");
        task.Element(SvgNs + "title")!.Value.ShouldBe("审核材料 (TaskA)");
        ((string?)GroupOf(svg, "Flow2").Attribute("data-element-type")).ShouldBe("sequenceFlow");
    }

    [Test]
    public void Marks_put_state_classes_on_the_marked_elements_only()
    {
        var marks = new DiagramMarks(
            Active: new HashSet<string> { "TaskB" },
            Completed: new HashSet<string> { "Start", "Flow1", "TaskA", "Flow2" },
            Overdue: new HashSet<string> { "TaskB" });

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(Bpmn.Line(), marks));

        ClassesOf(svg, "TaskA").ShouldBe(["cf-element", "cf-completed"]);
        ClassesOf(svg, "Flow1").ShouldBe(["cf-element", "cf-completed"]);
        ClassesOf(svg, "TaskB").ShouldBe(["cf-element", "cf-active", "cf-overdue"]);
        ClassesOf(svg, "Flow3").ShouldBe(["cf-element"]);
        ClassesOf(svg, "End").ShouldBe(["cf-element"]);
    }

    [Test]
    public void Marked_elements_are_coloured_and_overdue_wins_over_active()
    {
        var marks = new DiagramMarks(
            Active: new HashSet<string> { "TaskA", "TaskB" },
            Completed: new HashSet<string> { "Start" },
            Overdue: new HashSet<string> { "TaskB" });

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(Bpmn.Line(), marks));

        string StrokeOf(string id) => (string)GroupOf(svg, id).Elements().First(e => e.Name.LocalName is "rect" or "circle").Attribute("stroke")!;
        StrokeOf("TaskA").ShouldBe("#1565c0");
        StrokeOf("TaskB").ShouldBe("#c62828");
        StrokeOf("Start").ShouldBe("#2e7d32");
        StrokeOf("End").ShouldBe("#22242a");
    }

    [Test]
    public void Names_with_markup_characters_are_escaped_and_kept_as_text()
    {
        var bpmn = Bpmn.Line(nameOfA: "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");

        var output = BpmnSvgRenderer.Render(bpmn);

        output.ShouldNotContain("<script");
        var svg = XDocument.Parse(output);
        string.Concat(TextLinesOf(GroupOf(svg, "TaskA"))).Replace(" ", string.Empty, StringComparison.Ordinal).ShouldBe("""<script>alert("x")</script>&co""");
        GroupOf(svg, "TaskA").Element(SvgNs + "title")!.Value.ShouldStartWith("""<script>alert("x")</script> & co""");
    }

    [Test]
    public void A_long_chinese_name_wraps_inside_the_task_without_losing_characters()
    {
        const string name = "窗口工作人员核对申请材料并出具一次性告知书";

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(Bpmn.Line(nameOfA: name)));

        var lines = TextLinesOf(GroupOf(svg, "TaskA"));
        lines.Length.ShouldBeGreaterThan(1);
        string.Concat(lines).ShouldBe(name);
        lines.ShouldAllBe(line => line.Length <= 8);
    }

    [Test]
    public void Chinese_wrapping_keeps_closing_punctuation_off_the_start_of_a_line()
    {
        var lines = TextLayout.Wrap("材料齐全，予以受理。材料不全，一次性告知。", 60, 12);

        string.Concat(lines).ShouldBe("材料齐全，予以受理。材料不全，一次性告知。");
        lines.ShouldAllBe(line => !line.StartsWith('，') && !line.StartsWith('。'));
    }

    [Test]
    public void Latin_text_wraps_at_spaces_and_breaks_only_words_longer_than_the_line()
    {
        var lines = TextLayout.Wrap("Check materials Supercalifragilisticexpialidocious", 100, 12);

        lines[0].ShouldBe("Check materials");
        string.Concat(lines.Skip(1)).ShouldBe("Supercalifragilisticexpialidocious");
        lines.Count.ShouldBeGreaterThan(2);
    }

    [Test]
    public void Wrapped_lines_are_balanced_without_splitting_a_word_that_fits()
    {
        var chinese = TextLayout.Wrap("协办部门并联审查", 88, 12);
        var german = TextLayout.Wrap("Freigebenden zuordnen", 88, 12);

        chinese.ShouldBe(["协办部门", "并联审查"]);
        german.ShouldBe(["Freigebenden", "zuordnen"]);
    }

    [Test]
    public void Explicit_line_breaks_in_a_name_are_kept()
    {
        var lines = TextLayout.Wrap("Invoices\nIncoming\n", 200, 12);

        lines.ShouldBe(["Invoices", "Incoming"]);
    }

    [Test]
    public void A_file_without_diagram_interchange_renders_a_notice_instead_of_failing()
    {
        const string bpmn = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
              <process id="P"><startEvent id="S" /></process>
            </definitions>
            """;

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        svg.Root!.Name.ShouldBe(SvgNs + "svg");
        ((string)svg.Root.Attribute("class")!).ShouldContain("cf-no-layout");
        svg.Root.Value.ShouldContain("no diagram layout");
        ElementGroups(svg).ShouldBeEmpty();
    }

    [Test]
    public void Text_that_is_not_xml_is_refused_with_an_xml_exception()
    {
        var render = () => BpmnSvgRenderer.Render("<definitions><process>");

        render.ShouldThrow<XmlException>();
    }

    [Test]
    public void A_document_type_declaration_is_refused_so_entities_are_never_expanded()
    {
        const string bpmn = """
            <?xml version="1.0"?>
            <!DOCTYPE definitions [<!ENTITY x "expanded">]>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="P" name="&x;" /></definitions>
            """;

        var render = () => BpmnSvgRenderer.Render(bpmn);

        render.ShouldThrow<XmlException>();
    }

    [Test]
    public void The_same_input_gives_the_same_bytes_whatever_the_culture()
    {
        var bpmn = Sample("OUT-kitchen-sink.bpmn");
        var marks = new DiagramMarks(new HashSet<string> { "Task_1mvn5bz" }, None, None);
        var first = BpmnSvgRenderer.Render(bpmn, marks);
        var previous = CultureInfo.CurrentCulture;

        string second;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            second = BpmnSvgRenderer.Render(bpmn, marks);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        second.ShouldBe(first);
        first.ShouldNotContain("NaN");
    }

    [Test]
    public void The_view_box_contains_every_shape_and_waypoint_with_a_margin()
    {
        var bpmn = Bpmn.Line();

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        var viewBox = ((string)svg.Root!.Attribute("viewBox")!).Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        viewBox[0].ShouldBeLessThan(100);
        viewBox[1].ShouldBeLessThan(78);
        (viewBox[0] + viewBox[2]).ShouldBeGreaterThan(546);
        (viewBox[1] + viewBox[3]).ShouldBeGreaterThan(158);
    }

    [Test]
    public void A_non_interrupting_boundary_event_is_dashed_and_an_interrupting_one_is_not()
    {
        var bpmn = Bpmn.Document(
            """
            <bpmn:userTask id="Task" />
            <bpmn:boundaryEvent id="Soft" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>
            <bpmn:boundaryEvent id="Hard" attachedToRef="Task"><bpmn:messageEventDefinition /></bpmn:boundaryEvent>
            """,
            Bpmn.Shape("Task", 100, 100, 100, 80) + Bpmn.Shape("Soft", 112, 162, 36, 36) + Bpmn.Shape("Hard", 152, 162, 36, 36));

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        GroupOf(svg, "Soft").Elements(SvgNs + "circle").ShouldAllBe(c => c.Attribute("stroke-dasharray") != null);
        GroupOf(svg, "Hard").Elements(SvgNs + "circle").ShouldAllBe(c => c.Attribute("stroke-dasharray") == null);
    }

    [Test]
    public void A_default_flow_gets_a_slash_and_a_conditional_flow_out_of_a_task_a_diamond()
    {
        var bpmn = Bpmn.Document(
            """
            <bpmn:exclusiveGateway id="Gateway" default="Otherwise" />
            <bpmn:userTask id="Task" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="Otherwise" sourceRef="Gateway" targetRef="Task" />
            <bpmn:sequenceFlow id="IfLate" sourceRef="Task" targetRef="End"><bpmn:conditionExpression>late</bpmn:conditionExpression></bpmn:sequenceFlow>
            """,
            Bpmn.Shape("Gateway", 100, 100, 50, 50, "isMarkerVisible=\"true\"") + Bpmn.Shape("Task", 200, 85, 100, 80) + Bpmn.Shape("End", 350, 107, 36, 36)
            + Bpmn.Edge("Otherwise", (150, 125), (200, 125)) + Bpmn.Edge("IfLate", (300, 125), (350, 125)));

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        GroupOf(svg, "Otherwise").Elements(SvgNs + "line").Count().ShouldBe(1);
        GroupOf(svg, "IfLate").Elements(SvgNs + "polygon").Count().ShouldBe(2);
        GroupOf(svg, "Gateway").Descendants(SvgNs + "line").Count().ShouldBe(2);
    }

    [Test]
    public void Multi_instance_markers_show_three_vertical_bars_for_parallel_and_horizontal_for_sequential()
    {
        var bpmn = Bpmn.Document(
            """
            <bpmn:userTask id="Parallel"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>
            <bpmn:userTask id="Sequential"><bpmn:multiInstanceLoopCharacteristics isSequential="true" /></bpmn:userTask>
            """,
            Bpmn.Shape("Parallel", 100, 100, 100, 80) + Bpmn.Shape("Sequential", 250, 100, 100, 80));

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        static IEnumerable<XElement> Bars(XDocument svg, string id) =>
            GroupOf(svg, id).Descendants(SvgNs + "line").Where(l => Math.Abs(double.Parse((string)l.Attribute("y1")!, CultureInfo.InvariantCulture) - 170) < 15);
        Bars(svg, "Parallel").Count().ShouldBe(3);
        Bars(svg, "Parallel").ShouldAllBe(l => (string?)l.Attribute("x1") == (string?)l.Attribute("x2"));
        Bars(svg, "Sequential").Count().ShouldBe(3);
        Bars(svg, "Sequential").ShouldAllBe(l => (string?)l.Attribute("y1") == (string?)l.Attribute("y2"));
    }

    [TestCaseSource(typeof(TestFiles), nameof(Samples))]
    public void Every_modeler_sample_renders_each_of_its_diagram_elements(string fileName)
    {
        var bpmn = Sample(fileName);
        var plane = XDocument.Parse(bpmn).Descendants().FirstOrDefault(e => e.Name.LocalName == "BPMNPlane");
        var drawable = plane?.Descendants().Count(e =>
            e.Name.LocalName == "BPMNShape" && e.Elements().Any(b => b.Name.LocalName == "Bounds")
            || e.Name.LocalName == "BPMNEdge" && e.Elements().Count(w => w.Name.LocalName == "waypoint") >= 2) ?? 0;

        var svg = XDocument.Parse(BpmnSvgRenderer.Render(bpmn));

        svg.Root!.Name.ShouldBe(SvgNs + "svg");
        ElementGroups(svg).Count().ShouldBe(drawable);
        ((string)svg.Root.Attribute("class")!).Contains("cf-no-layout", StringComparison.Ordinal).ShouldBe(drawable == 0);
    }
}
