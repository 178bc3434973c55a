using CaseFlow.Workflow.Model;

namespace CaseFlow.Workflow.Tests.Support;

/// <summary>Small inline BPMN documents: a process body wrapped in definitions with the BPMN and caseflow namespaces.</summary>
internal static class Bpmn
{
    public static string Document(string processBody, string declarations = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                     xmlns:caseflow="http://caseflow.dev/schema/bpmn/1.0"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     id="Definitions_1" targetNamespace="http://caseflow.dev/tests">
        {declarations}
        <process id="p" isExecutable="true">
        {processBody}
        </process>
        </definitions>
        """;

    /// <summary>Sequence flows along a path: Chain("a", "b", "c") is a→b and b→c.</summary>
    public static string Chain(params string[] ids) =>
        string.Concat(ids.Zip(ids.Skip(1)).Select(p => Flow(p.First, p.Second)));

    public static string Flow(string from, string to, string? condition = null, string? id = null) => condition is null
        ? $"""<sequenceFlow id="{id ?? $"{from}_{to}"}" sourceRef="{from}" targetRef="{to}"/>"""
        : $"""<sequenceFlow id="{id ?? $"{from}_{to}"}" sourceRef="{from}" targetRef="{to}"><conditionExpression xsi:type="tFormalExpression">{System.Security.SecurityElement.Escape(condition)}</conditionExpression></sequenceFlow>""";

    public static string Message(string id, string name) => $"""<message id="{id}" name="{name}"/>""";

    public static ProcessDefinition Load(string processBody, string declarations = "")
    {
        var result = BpmnLoader.LoadXml(Document(processBody, declarations));
        result.Errors.ShouldBeEmpty(string.Join("\n", result.Problems));
        return result.Definition!;
    }

    public static BpmnLoadResult Validate(string processBody, string declarations = "") =>
        BpmnLoader.LoadXml(Document(processBody, declarations));

    public static string SamplePath(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", file);
}
