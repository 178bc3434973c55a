using CaseFlow.Workflow.Model;
using static CaseFlow.Workflow.Tests.Support.Bpmn;

namespace CaseFlow.Workflow.Tests.Model;

public sealed class ValidationTests
{
    private static ValidationProblem SingleError(BpmnLoadResult result)
    {
        result.Definition.ShouldBeNull();
        return result.Errors.ShouldHaveSingleItem();
    }

    [Test]
    public void An_unreachable_element_is_named()
    {
        var result = Validate("""<startEvent id="start"/><userTask id="a"/><userTask id="orphan"/><endEvent id="end"/>""" + Chain("start", "a", "end") + Chain("orphan", "end"));

        var problem = SingleError(result);

        problem.ElementId.ShouldBe("orphan");
        problem.Message.ShouldBe("userTask 'orphan' is unreachable: no path from a start event leads to it");
    }

    [Test]
    public void An_exclusive_flow_without_condition_that_is_not_the_default_is_refused()
    {
        var result = Validate("""<startEvent id="start"/><exclusiveGateway id="g"/><endEvent id="a"/><endEvent id="b"/>"""
            + Chain("start", "g") + Flow("g", "a", "x == 1") + Flow("g", "b"));

        var problem = SingleError(result);

        problem.ElementId.ShouldBe("g_b");
        problem.ElementType.ShouldBe("sequenceFlow");
        problem.Message.ShouldContain("has no condition and is not the gateway's default flow");
    }

    [Test]
    public void A_gateway_without_outgoing_flow_is_refused()
    {
        var result = Validate("""<startEvent id="start"/><parallelGateway id="g"/>""" + Chain("start", "g"));

        SingleError(result).Message.ShouldBe("parallelGateway 'g' has no outgoing flow");
    }

    [Test]
    public void A_condition_on_a_parallel_gateway_flow_is_refused()
    {
        var result = Validate("""<startEvent id="start"/><parallelGateway id="g"/><endEvent id="a"/>""" + Chain("start", "g") + Flow("g", "a", "x"));

        SingleError(result).Message.ShouldStartWith("parallelGateway 'g' has a condition on its outgoing flow 'g_a'");
    }

    [Test]
    public void A_conditional_flow_out_of_an_activity_is_refused()
    {
        var result = Validate("""<startEvent id="start"/><userTask id="t"/><endEvent id="a"/><endEvent id="b"/>"""
            + Chain("start", "t") + Flow("t", "a", "x == 1") + Flow("t", "b"));

        var problem = SingleError(result);

        problem.ElementId.ShouldBe("t_a");
        problem.Message.ShouldContain("conditional flows out of activities and events are not supported by CaseFlow; put an exclusiveGateway after 't'");
    }

    [Test]
    public void An_expression_error_gives_element_line_and_position()
    {
        var xml = Document("""
            <startEvent id="start"/>
            <exclusiveGateway id="g" default="other"/>
            <endEvent id="a"/><endEvent id="b"/>
            <sequenceFlow id="other" sourceRef="g" targetRef="b"/>
            <sequenceFlow id="bad" sourceRef="g" targetRef="a">
              <conditionExpression>${amount > > 3}</conditionExpression>
            </sequenceFlow>
            """ + Chain("start", "g"));
        var line = xml.Split('\n').ToList().FindIndex(l => l.Contains("conditionExpression", StringComparison.Ordinal)) + 1;

        var problem = SingleError(BpmnLoader.LoadXml(xml));

        problem.Line.ShouldBe(line);
        problem.ElementId.ShouldBe("bad");
        problem.Message.ShouldBe("sequenceFlow 'bad': condition '${amount > > 3}' is not a CaseFlow expression: at position 12: unexpected '>'");
        problem.ToString().ShouldStartWith($"line {line}: sequenceFlow 'bad'");
    }

    [Test]
    public void An_element_outside_the_subset_is_refused_with_its_line()
    {
        var xml = Document("""
            <startEvent id="start"/>
            <inclusiveGateway id="Gateway_1"/>
            """ + Chain("start", "Gateway_1"));
        var line = xml.Split('\n').ToList().FindIndex(l => l.Contains("inclusiveGateway", StringComparison.Ordinal)) + 1;

        var problem = SingleError(BpmnLoader.LoadXml(xml));

        problem.ShouldBe(new ValidationProblem(line, "Gateway_1", "inclusiveGateway", "inclusiveGateway 'Gateway_1' is not supported by CaseFlow: use exclusive or parallel gateways"));
        problem.ToString().ShouldBe($"line {line}: inclusiveGateway 'Gateway_1' is not supported by CaseFlow: use exclusive or parallel gateways");
    }

    [Test]
    public void A_process_without_a_start_event_is_refused()
    {
        var problem = SingleError(Validate("""<userTask id="a"/>"""));

        problem.Message.ShouldBe("process 'p' has no start event: CaseFlow starts a process at a none or message startEvent");
    }

    [Test]
    public void A_repeating_timer_is_refused()
    {
        var result = Validate("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="w"><timerEventDefinition><timeCycle>R3/PT1H</timeCycle></timerEventDefinition></intermediateCatchEvent>
            """ + Chain("start", "w"));

        SingleError(result).Message.ShouldStartWith("intermediateCatchEvent 'w' has a timeCycle ('R3/PT1H'): repeating timers are not supported");
    }

    [Test]
    public void A_timer_that_is_neither_a_duration_nor_an_expression_is_refused()
    {
        var result = Validate("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="w"><timerEventDefinition><timeDuration>4 hours</timeDuration></timerEventDefinition></intermediateCatchEvent>
            """ + Chain("start", "w"));

        SingleError(result).Message.ShouldStartWith("intermediateCatchEvent 'w': timer '4 hours' is not an ISO 8601 duration (such as PT4H or P3D) or an expression");
    }

    [Test]
    public void Several_executable_processes_in_one_file_are_refused_as_ambiguous()
    {
        var xml = Document("""<startEvent id="start"/>""").Replace("</definitions>", """<process id="q" isExecutable="true"><startEvent id="s2"/></process></definitions>""", StringComparison.Ordinal);

        SingleError(BpmnLoader.LoadXml(xml)).Message.ShouldStartWith("the file has several executable processes ('p', 'q')");
    }

    [Test]
    public void The_single_executable_process_of_a_collaboration_is_taken()
    {
        var xml = Document("""<startEvent id="start"/><endEvent id="end"/>""" + Chain("start", "end"))
            .Replace("</definitions>", """<process id="partner" isExecutable="false"><task id="external"/></process></definitions>""", StringComparison.Ordinal)
            .Replace("<process id=\"p\"", """<collaboration id="c"><participant id="x" processRef="p"/></collaboration><process id="p" """, StringComparison.Ordinal);

        var result = BpmnLoader.LoadXml(xml);

        result.Problems.ShouldBeEmpty();
        result.Definition!.Id.ShouldBe("p");
    }

    [Test]
    public void Documentation_extensions_and_foreign_attributes_are_ignored()
    {
        var result = Validate("""
            <documentation>for people</documentation>
            <extensionElements><vendor:anything xmlns:vendor="urn:v"/></extensionElements>
            <laneSet id="ls"><lane id="l1"/></laneSet>
            <startEvent id="start" xmlns:x="urn:x" x:color="red"/>
            <textAnnotation id="note"><text>hello</text></textAnnotation>
            <association id="as" sourceRef="note" targetRef="start"/>
            <dataObject id="data"/>
            <endEvent id="end"/>
            """ + Chain("start", "end"));

        result.Problems.ShouldBeEmpty();
    }

    [Test]
    public void A_parallel_join_fed_by_a_task_and_its_interrupting_boundary_is_flagged()
    {
        var result = Validate("""
            <startEvent id="start"/><userTask id="t"/>
            <boundaryEvent id="b" attachedToRef="t"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>
            <parallelGateway id="join"/><endEvent id="end"/>
            """ + Chain("start", "t", "join") + Chain("b", "join") + Chain("join", "end"));

        result.IsValid.ShouldBeTrue();
        var warning = result.Problems.ShouldHaveSingleItem();
        warning.Severity.ShouldBe(ProblemSeverity.Warning);
        warning.Message.ShouldStartWith("parallelGateway 'join' waits for flows 't_join' and 'b_join', which are alternatives of userTask 't'");
    }

    [Test]
    public void Malformed_xml_is_refused_with_its_line()
    {
        var problem = SingleError(BpmnLoader.LoadXml("<definitions>\n<process>\n</definitions>"));

        problem.Line.ShouldBe(3);
        problem.Message.ShouldStartWith("the file is not well-formed XML");
    }

    [Test]
    public void A_non_bpmn_document_is_refused()
    {
        SingleError(BpmnLoader.LoadXml("<html/>")).Message.ShouldStartWith("not a BPMN 2.0 file: the root element is 'html'");
    }

    [Test]
    public void A_multi_instance_without_collection_or_cardinality_is_refused()
    {
        var result = Validate("""<startEvent id="start"/><userTask id="t"><multiInstanceLoopCharacteristics/></userTask>""" + Chain("start", "t"));

        SingleError(result).Message.ShouldBe("userTask 't' is multi-instance without a collection or loopCardinality: give caseflow:collection and caseflow:elementVariable");
    }
}
