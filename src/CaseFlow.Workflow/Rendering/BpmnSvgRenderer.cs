using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CaseFlow.Workflow.Rendering;

/// <summary>Draws the diagram interchange (BPMNDI) of a BPMN 2.0 file as SVG, optionally marking an instance's state.</summary>
public static class BpmnSvgRenderer
{
    /// <summary>
    /// Returns a standalone SVG document; a file without diagram interchange gives a small SVG saying so.
    /// Throws <see cref="XmlException"/> when <paramref name="bpmnXml"/> is not well-formed XML or carries a DTD.
    /// </summary>
    public static string Render(string bpmnXml, DiagramMarks? marks = null)
    {
        ArgumentNullException.ThrowIfNull(bpmnXml);

        var diagram = BpmnDiagram.Read(Parse(bpmnXml));
        var svg = diagram is null ? SvgDiagramWriter.NoLayout() : new SvgDiagramWriter(diagram, marks).Write();
        return Serialize(svg);
    }

    // XDocument.Parse would expand a DTD's entities; BPMN files have no DTD, so an upload carrying one
    // is refused rather than risking entity expansion.
    private static XDocument Parse(string bpmnXml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(bpmnXml), settings);
        return XDocument.Load(reader);
    }

    private static string Serialize(XElement svg)
    {
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = true,
            IndentChars = " ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            Encoding = new UTF8Encoding(false),
        };
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, settings))
        {
            svg.WriteTo(writer);
        }

        return builder.Append('\n').ToString();
    }
}
