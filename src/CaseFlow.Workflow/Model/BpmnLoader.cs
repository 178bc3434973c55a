using System.Xml;
using System.Xml.Linq;

namespace CaseFlow.Workflow.Model;

/// <summary>Loads BPMN 2.0 XML into an executable definition, or says why it cannot run.</summary>
public static class BpmnLoader
{
    /// <summary>The largest file CaseFlow reads: the biggest real-modeler export in the samples is 169 KB.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public static BpmnLoadResult LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    public static BpmnLoadResult Load(Stream stream)
    {
        if (stream.CanSeek && stream.Length > MaxBytes)
        {
            return Refused(1, $"the file is larger than {MaxBytes / 1024 / 1024} MB");
        }

        // From bytes the XML declaration's encoding is honoured (ADONIS exports ISO-8859-1).
        return Load(() => XmlReader.Create(stream, Settings));
    }

    public static BpmnLoadResult LoadXml(string xml) => Load(() => XmlReader.Create(new StringReader(xml), Settings));

    // DTDs are refused so that no entity expansion runs on an uploaded file.
    private static XmlReaderSettings Settings => new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    private static BpmnLoadResult Load(Func<XmlReader> open)
    {
        try
        {
            using var reader = open();
            return Load(XDocument.Load(reader, LoadOptions.SetLineInfo));
        }
        catch (XmlException e)
        {
            return Refused(e.LineNumber, $"the file is not well-formed XML: {e.Message}");
        }
    }

    private static BpmnLoadResult Load(XDocument document)
    {
        var problems = new List<ValidationProblem>();
        var reader = new BpmnReader(problems);
        var definition = reader.Read(document);
        if (definition is not null)
        {
            BpmnValidator.Validate(definition, problems, graphComplete: !reader.HasRefusedElements);
        }

        var ordered = problems.OrderBy(p => p.Line).ThenBy(p => p.Severity).ToList();
        return new BpmnLoadResult(ordered.Any(p => p.Severity == ProblemSeverity.Error) ? null : definition, ordered);
    }

    private static BpmnLoadResult Refused(int line, string message) =>
        new(null, [new ValidationProblem(line, "", "definitions", message)]);
}
