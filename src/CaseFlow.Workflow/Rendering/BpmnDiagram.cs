using System.Globalization;
using System.Xml.Linq;

namespace CaseFlow.Workflow.Rendering;

internal readonly record struct Point(double X, double Y);

internal readonly record struct Rect(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    public double CenterX => X + (Width / 2);

    public double CenterY => Y + (Height / 2);
}

internal sealed record DiagramShape(
    string ElementId,
    string Kind,
    XElement? Semantic,
    Rect Bounds,
    Rect? LabelBounds,
    XElement Di);

internal sealed record DiagramEdge(
    string ElementId,
    string Kind,
    XElement? Semantic,
    IReadOnlyList<Point> Waypoints,
    Rect? LabelBounds);

/// <summary>The first diagram plane of a BPMN file, with each DI element joined to its semantic element.</summary>
internal sealed record BpmnDiagram(
    IReadOnlyList<DiagramShape> Shapes,
    IReadOnlyList<DiagramEdge> Edges,
    IReadOnlyDictionary<string, XElement> Semantics)
{
    // Elements are matched by local name, not namespace: exporters disagree on prefixes and some
    // (ADONIS) still write the pre-final DI namespace.
    public static BpmnDiagram? Read(XDocument document)
    {
        var root = document.Root;
        if (root is null)
        {
            return null;
        }

        var plane = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "BPMNDiagram")?
            .Elements().FirstOrDefault(e => e.Name.LocalName == "BPMNPlane");
        if (plane is null)
        {
            return null;
        }

        var semantics = IndexSemanticElements(root);
        var shapes = new List<DiagramShape>();
        var edges = new List<DiagramEdge>();
        foreach (var di in plane.Descendants())
        {
            var elementId = (string?)di.Attribute("bpmnElement") ?? string.Empty;
            var semantic = semantics.GetValueOrDefault(elementId);
            var kind = semantic?.Name.LocalName ?? "unknown";
            if (di.Name.LocalName == "BPMNShape" && ReadBounds(di) is { } bounds)
            {
                shapes.Add(new DiagramShape(elementId, kind, semantic, bounds, ReadLabelBounds(di), di));
            }
            else if (di.Name.LocalName == "BPMNEdge")
            {
                var waypoints = di.Elements()
                    .Where(e => e.Name.LocalName == "waypoint")
                    .Select(e => (X: ReadNumber(e, "x"), Y: ReadNumber(e, "y")))
                    .Where(p => p.X is not null && p.Y is not null)
                    .Select(p => new Point(p.X!.Value, p.Y!.Value))
                    .ToList();
                if (waypoints.Count >= 2)
                {
                    edges.Add(new DiagramEdge(elementId, kind, semantic, waypoints, ReadLabelBounds(di)));
                }
            }
        }

        return shapes.Count == 0 && edges.Count == 0 ? null : new BpmnDiagram(shapes, edges, semantics);
    }

    private static Dictionary<string, XElement> IndexSemanticElements(XElement root)
    {
        var index = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var element in root.Descendants())
        {
            if (element.Name.LocalName == "BPMNDiagram")
            {
                continue;
            }

            if ((string?)element.Attribute("id") is { Length: > 0 } id
                && !element.Ancestors().Any(a => a.Name.LocalName == "BPMNDiagram"))
            {
                index.TryAdd(id, element);
            }
        }

        return index;
    }

    private static Rect? ReadLabelBounds(XElement di)
    {
        var label = di.Elements().FirstOrDefault(e => e.Name.LocalName == "BPMNLabel");
        return label is not null && ReadBounds(label) is { Width: > 0, Height: > 0 } bounds ? bounds : null;
    }

    private static Rect? ReadBounds(XElement owner)
    {
        var bounds = owner.Elements().FirstOrDefault(e => e.Name.LocalName == "Bounds");
        if (bounds is null
            || ReadNumber(bounds, "x") is not { } x
            || ReadNumber(bounds, "y") is not { } y
            || ReadNumber(bounds, "width") is not { } width
            || ReadNumber(bounds, "height") is not { } height)
        {
            return null;
        }

        return new Rect(x, y, Math.Max(width, 0), Math.Max(height, 0));
    }

    private static double? ReadNumber(XElement element, string attribute) =>
        double.TryParse((string?)element.Attribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value)
            ? value
            : null;
}
