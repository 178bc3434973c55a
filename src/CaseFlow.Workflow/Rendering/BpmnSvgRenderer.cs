using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CaseFlow.Workflow.Rendering;

/// <summary>Draws the diagram interchange (BPMNDI) of a BPMN 2.0 file as SVG, optionally marking an instance's state.</summary>
public static class BpmnSvgRenderer
{
    /// <summary>
    /// Returns a standalone SVG document; a file without diagram interchange gives a small SVG saying so.
    /// Throws <see cref="XmlException"/> when <paramref name="bpmnXml"/> is not well-formed XML.
    /// </summary>
    public static string Render(string bpmnXml, DiagramMarks? marks = null)
    {
        ArgumentNullException.ThrowIfNull(bpmnXml);

        // XDocument.Parse refuses DTDs, so a hostile upload cannot expand entities.
        var document = XDocument.Parse(bpmnXml);
        var diagram = BpmnDiagram.Read(document);
        var svg = diagram is null ? SvgDiagramWriter.NoLayout() : new SvgDiagramWriter(diagram, marks).Write();
        return Serialize(svg);
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
