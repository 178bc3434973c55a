namespace CaseFlow.Workflow.Tests.Rendering;

/// <summary>Builds small BPMN documents with diagram interchange for renderer tests.</summary>
internal static class Bpmn
{
    public static string Document(string process, string plane) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                          xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                          xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                          id="Definitions_Test" targetNamespace="http://caseflow.dev/test">
          <bpmn:process id="Process_Test" isExecutable="true">
        {process}
          </bpmn:process>
          <bpmndi:BPMNDiagram id="Diagram_Test">
            <bpmndi:BPMNPlane id="Plane_Test" bpmnElement="Process_Test">
        {plane}
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;

    public static string Shape(string id, double x, double y, double width, double height, string extra = "") => $"""
        <bpmndi:BPMNShape id="{id}_di" bpmnElement="{id}" {extra}><dc:Bounds x="{x}" y="{y}" width="{width}" height="{height}" /></bpmndi:BPMNShape>
        """;

    public static string Edge(string id, params (double X, double Y)[] waypoints) => $"""
        <bpmndi:BPMNEdge id="{id}_di" bpmnElement="{id}">{string.Concat(waypoints.Select(p => $"""<di:waypoint x="{p.X}" y="{p.Y}" />"""))}</bpmndi:BPMNEdge>
        """;

    /// <summary>start → task A → task B → end, laid out left to right.</summary>
    public static string Line(string nameOfA = "Check materials", string nameOfB = "Review") => Document(
        $"""
        <bpmn:startEvent id="Start" name="Received" />
        <bpmn:userTask id="TaskA" name="{nameOfA}" />
        <bpmn:serviceTask id="TaskB" name="{nameOfB}" />
        <bpmn:endEvent id="End" />
        <bpmn:sequenceFlow id="Flow1" sourceRef="Start" targetRef="TaskA" />
        <bpmn:sequenceFlow id="Flow2" sourceRef="TaskA" targetRef="TaskB" />
        <bpmn:sequenceFlow id="Flow3" sourceRef="TaskB" targetRef="End" />
        """,
        Shape("Start", 100, 100, 36, 36)
        + Shape("TaskA", 190, 78, 100, 80)
        + Shape("TaskB", 350, 78, 100, 80)
        + Shape("End", 510, 100, 36, 36)
        + Edge("Flow1", (136, 118), (190, 118))
        + Edge("Flow2", (290, 118), (350, 118))
        + Edge("Flow3", (450, 118), (510, 118)));
}
