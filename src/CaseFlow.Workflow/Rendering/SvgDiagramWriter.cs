using System.Xml.Linq;
using static CaseFlow.Workflow.Rendering.Svg;

namespace CaseFlow.Workflow.Rendering;

/// <summary>Turns a read <see cref="BpmnDiagram"/> into one SVG element: one &lt;g data-element-id&gt; per DI element.</summary>
internal sealed class SvgDiagramWriter(BpmnDiagram diagram, DiagramMarks? marks)
{
    private const string FontFamily = "'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif";
    private const double FontSize = 12;
    private const double LineHeight = 14;
    private const double Margin = 20;
    private const double ExternalLabelWidth = 90;
    private const double PoolBand = 30;
    private const string Ink = "#22242a";
    private const string Paper = "#ffffff";

    private static readonly Paint Plain = new(Ink, Paper, false);
    private static readonly Paint Active = new("#1565c0", "#e3f2fd", true);
    private static readonly Paint Completed = new("#2e7d32", "#edf7ed", true);
    private static readonly Paint Overdue = new("#c62828", "#ffebee", true);

    private readonly HashSet<string> _shapeIds = diagram.Shapes.Select(s => s.ElementId).ToHashSet(StringComparer.Ordinal);
    private double _minX = double.PositiveInfinity;
    private double _minY = double.PositiveInfinity;
    private double _maxX = double.NegativeInfinity;
    private double _maxY = double.NegativeInfinity;

    public static XElement NoLayout() => El(
        "svg",
        At("width", 360),
        At("height", 64),
        At("viewBox", "0 0 360 64"),
        At("font-family", FontFamily),
        At("font-size", FontSize),
        At("class", "cf-bpmn cf-no-layout"),
        Rect(0.5, 0.5, 359, 63, 6, "#9e9e9e", "#fafafa", 1),
        El("text", At("x", 180), At("y", 27), At("text-anchor", "middle"), At("fill", Ink), "此流程文件没有图形布局"),
        El("text", At("x", 180), At("y", 45), At("text-anchor", "middle"), At("fill", Ink), "This BPMN file has no diagram layout (BPMNDI)."));

    public XElement Write()
    {
        var content = El("g", At("class", "cf-diagram"));
        var ordered = diagram.Shapes.Select((shape, index) => (shape, index))
            .OrderBy(x => Layer(x.shape))
            .ThenByDescending(x => Layer(x.shape) == 2 ? x.shape.Bounds.Width * x.shape.Bounds.Height : 0)
            .ThenBy(x => x.index)
            .Select(x => x.shape)
            .ToList();

        foreach (var shape in ordered.Where(s => Layer(s) <= 2))
        {
            content.Add(DrawShape(shape));
        }

        foreach (var edge in diagram.Edges)
        {
            content.Add(DrawEdge(edge));
        }

        foreach (var shape in ordered.Where(s => Layer(s) > 2))
        {
            content.Add(DrawShape(shape));
        }

        var x = _minX - Margin;
        var y = _minY - Margin;
        var width = _maxX - _minX + (2 * Margin);
        var height = _maxY - _minY + (2 * Margin);
        return El(
            "svg",
            At("width", width),
            At("height", height),
            At("viewBox", $"{N(x)} {N(y)} {N(width)} {N(height)}"),
            At("font-family", FontFamily),
            At("font-size", FontSize),
            At("class", "cf-bpmn"),
            El("rect", At("class", "cf-background"), At("x", x), At("y", y), At("width", width), At("height", height), At("fill", Paper)),
            content);
    }

    // Pools, then lanes, then expanded containers (largest first), then edges, then nodes, then boundary events on top.
    private int Layer(DiagramShape shape) => shape.Kind switch
    {
        "participant" or "process" => 0,
        "lane" => 1,
        "group" => 2,
        _ when IsExpanded(shape) => 2,
        "boundaryEvent" => 4,
        _ => 3,
    };

    private bool IsExpanded(DiagramShape shape)
    {
        if (shape.Kind is not ("subProcess" or "transaction" or "adHocSubProcess"))
        {
            return false;
        }

        if (string.Equals((string?)shape.Di.Attribute("isExpanded"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Some exporters omit isExpanded or write "false" for an open subprocess: its children being
        // drawn on the same plane is what counts.
        return shape.Semantic?.Elements().Any(child => (string?)child.Attribute("id") is { } id && _shapeIds.Contains(id)) ?? false;
    }

    private XElement DrawShape(DiagramShape shape)
    {
        var name = NameOf(shape.Semantic);
        var group = Group(shape.ElementId, shape.Kind, name);
        var paint = PaintOf(shape.ElementId);
        Include(shape.Bounds);
        switch (shape.Kind)
        {
            case "participant":
            case "process":
            case "lane":
                DrawSwimlane(group, shape, name, paint);
                break;
            case "startEvent" or "endEvent" or "intermediateCatchEvent" or "intermediateThrowEvent" or "boundaryEvent" or "implicitThrowEvent":
                DrawEvent(group, shape, paint);
                ExternalLabel(group, shape, name);
                break;
            case var kind when kind.EndsWith("Gateway", StringComparison.Ordinal):
                DrawGateway(group, shape, paint);
                ExternalLabel(group, shape, name);
                break;
            case "dataObjectReference" or "dataObject" or "dataInput" or "dataOutput":
                DrawDataObject(group, shape.Bounds, paint);
                ExternalLabel(group, shape, name);
                break;
            case "dataStoreReference":
                DrawDataStore(group, shape.Bounds, paint);
                ExternalLabel(group, shape, name);
                break;
            case "textAnnotation":
                DrawAnnotation(group, shape.Bounds, name, paint);
                break;
            case "group":
                group.Add(Dashed(Rect(shape.Bounds.X, shape.Bounds.Y, shape.Bounds.Width, shape.Bounds.Height, 10, paint.Stroke, "none", 1), "8 3 1 3"));
                break;
            default:
                DrawActivity(group, shape, name, paint);
                break;
        }

        return group;
    }

    private void DrawSwimlane(XElement group, DiagramShape shape, string? name, Paint paint)
    {
        var b = shape.Bounds;
        var horizontal = !string.Equals((string?)shape.Di.Attribute("isHorizontal"), "false", StringComparison.OrdinalIgnoreCase);
        var pool = shape.Kind is "participant" or "process";
        if (shape.Kind == "participant" && string.IsNullOrWhiteSpace(name)
            && (string?)shape.Semantic?.Attribute("processRef") is { } processRef)
        {
            name = NameOf(diagram.Semantics.GetValueOrDefault(processRef));
        }

        group.Add(Rect(b.X, b.Y, b.Width, b.Height, 0, paint.Stroke, pool ? paint.Fill : "none", 1.5));

        // BonitaSoft points the pool's shape at the process itself, which has content by definition.
        var hasContent = shape.Kind is "lane" or "process" || shape.Semantic?.Attribute("processRef") is not null;
        if (horizontal)
        {
            if (hasContent)
            {
                group.Add(Line(b.X + PoolBand, b.Y, b.X + PoolBand, b.Bottom, paint.Stroke, 1.5));
            }

            if (!string.IsNullOrWhiteSpace(name))
            {
                var cx = hasContent ? b.X + (PoolBand / 2) : b.CenterX;
                var lines = TextLayout.Wrap(name, hasContent ? b.Height - 10 : b.Width - 10, FontSize, hasContent ? 2 : 3);
                var label = El("g", At("transform", hasContent ? $"rotate(-90 {N(cx)} {N(b.CenterY)})" : string.Empty));
                if (!hasContent)
                {
                    label.RemoveAttributes();
                }

                TextBlock(label, lines, cx, b.CenterY - (lines.Count * LineHeight / 2), "middle", track: false);
                group.Add(label);
            }
        }
        else
        {
            if (hasContent)
            {
                group.Add(Line(b.X, b.Y + PoolBand, b.Right, b.Y + PoolBand, paint.Stroke, 1.5));
            }

            if (!string.IsNullOrWhiteSpace(name))
            {
                var lines = TextLayout.Wrap(name, b.Width - 10, FontSize, 2);
                TextBlock(group, lines, b.CenterX, b.Y + (PoolBand / 2) - (lines.Count * LineHeight / 2), "middle", track: false);
            }
        }
    }

    private static void DrawEvent(XElement group, DiagramShape shape, Paint paint)
    {
        var b = shape.Bounds;
        var r = Math.Min(b.Width, b.Height) / 2;
        var definition = shape.Semantic?.Elements()
            .Select(e => e.Name.LocalName)
            .FirstOrDefault(n => n.EndsWith("EventDefinition", StringComparison.Ordinal));
        var emphasis = paint.Marked ? 1 : 0;
        var nonInterrupting = shape.Kind == "boundaryEvent"
            ? string.Equals((string?)shape.Semantic?.Attribute("cancelActivity"), "false", StringComparison.OrdinalIgnoreCase)
            : shape.Kind == "startEvent" && string.Equals((string?)shape.Semantic?.Attribute("isInterrupting"), "false", StringComparison.OrdinalIgnoreCase);
        switch (shape.Kind)
        {
            case "startEvent":
                group.Add(Dashed(Circle(b.CenterX, b.CenterY, r, paint.Stroke, paint.Fill, 1.5 + emphasis), nonInterrupting ? "5 3" : null));
                break;
            case "endEvent":
                group.Add(Circle(b.CenterX, b.CenterY, r - 1.5, paint.Stroke, paint.Fill, 4));
                break;
            default:
                group.Add(
                    Dashed(Circle(b.CenterX, b.CenterY, r, paint.Stroke, paint.Fill, 1.5 + emphasis), nonInterrupting ? "5 3" : null),
                    Dashed(Circle(b.CenterX, b.CenterY, r - 3, paint.Stroke, "none", 1.5), nonInterrupting ? "5 3" : null));
                break;
        }

        var filled = shape.Kind is "endEvent" or "intermediateThrowEvent" or "implicitThrowEvent";
        if (definition is not null && SvgIcons.EventDefinition(definition, b.CenterX, b.CenterY, r, paint.Stroke, filled) is { } icon)
        {
            group.Add(icon);
        }
    }

    private static void DrawGateway(XElement group, DiagramShape shape, Paint paint)
    {
        var b = shape.Bounds;
        group.Add(Polygon([new(b.CenterX, b.Y), new(b.Right, b.CenterY), new(b.CenterX, b.Bottom), new(b.X, b.CenterY)], paint.Stroke, paint.Fill, paint.Marked ? 2.5 : 1.5));
        var markerVisible = string.Equals((string?)shape.Di.Attribute("isMarkerVisible"), "true", StringComparison.OrdinalIgnoreCase);
        if (SvgIcons.GatewayMarker(shape.Kind, b, markerVisible, paint.Stroke) is { } marker)
        {
            group.Add(marker);
        }
    }

    private static void DrawDataObject(XElement group, Rect b, Paint paint)
    {
        var fold = Math.Min(12, b.Width / 3);
        group.Add(Polygon([new(b.X, b.Y), new(b.Right - fold, b.Y), new(b.Right, b.Y + fold), new(b.Right, b.Bottom), new(b.X, b.Bottom)], paint.Stroke, paint.Fill, 1.5));
        group.Add(El("polyline", At("points", Points([new(b.Right - fold, b.Y), new(b.Right - fold, b.Y + fold), new(b.Right, b.Y + fold)])), At("fill", "none"), At("stroke", paint.Stroke), At("stroke-width", 1)));
    }

    private static void DrawDataStore(XElement group, Rect b, Paint paint)
    {
        var ry = Math.Min(8, b.Height / 6);
        var rx = b.Width / 2;
        group.Add(El(
            "path",
            At("d", $"M{N(b.X)},{N(b.Y + ry)} a{N(rx)},{N(ry)} 0 0 1 {N(b.Width)},0 v{N(b.Height - (2 * ry))} a{N(rx)},{N(ry)} 0 0 1 {N(-b.Width)},0 z"),
            At("fill", paint.Fill),
            At("stroke", paint.Stroke),
            At("stroke-width", 1.5)));
        group.Add(El("path", At("d", $"M{N(b.X)},{N(b.Y + ry)} a{N(rx)},{N(ry)} 0 0 0 {N(b.Width)},0"), At("fill", "none"), At("stroke", paint.Stroke), At("stroke-width", 1.5)));
    }

    private void DrawAnnotation(XElement group, Rect b, string? text, Paint paint)
    {
        group.Add(El("path", At("d", $"M{N(b.X + 10)},{N(b.Y)} h-10 v{N(b.Height)} h10"), At("fill", "none"), At("stroke", paint.Stroke), At("stroke-width", 1.5)));
        if (!string.IsNullOrWhiteSpace(text))
        {
            var lines = TextLayout.Wrap(text, Math.Max(b.Width - 10, 30), FontSize);
            TextBlock(group, lines, b.X + 5, b.Y + 5, "start");
        }
    }

    private void DrawActivity(XElement group, DiagramShape shape, string? name, Paint paint)
    {
        var b = shape.Bounds;
        var semantic = shape.Semantic;
        var expanded = IsExpanded(shape);
        var border = shape.Kind == "callActivity" ? 4 : paint.Marked ? 2.5 : 1.5;
        var eventSubProcess = string.Equals((string?)semantic?.Attribute("triggeredByEvent"), "true", StringComparison.OrdinalIgnoreCase);
        group.Add(Dashed(Rect(b.X, b.Y, b.Width, b.Height, 10, paint.Stroke, paint.Fill, border), eventSubProcess ? "2 3" : null));
        if (shape.Kind == "transaction" && b.Width > 8 && b.Height > 8)
        {
            group.Add(Rect(b.X + 3, b.Y + 3, b.Width - 6, b.Height - 6, 8, paint.Stroke, "none", 1));
        }

        switch (shape.Kind)
        {
            case "userTask":
            case "manualTask":
                group.Add(SvgIcons.Person(b.X, b.Y, paint.Stroke));
                break;
            case "serviceTask":
                group.Add(SvgIcons.Gear(b.X + 15, b.Y + 15, paint.Stroke));
                break;
            case "sendTask":
            case "receiveTask":
                group.Add(SvgIcons.Envelope(b.X + 15, b.Y + 14, 16, 11, paint.Stroke, shape.Kind == "sendTask"));
                break;
            case "scriptTask":
                group.Add(SvgIcons.Script(b.X, b.Y, paint.Stroke));
                break;
            case "businessRuleTask":
                group.Add(SvgIcons.Table(b.X, b.Y, paint.Stroke));
                break;
        }

        var markers = new List<Func<double, XElement>>();
        var loop = semantic?.Elements().FirstOrDefault(e => e.Name.LocalName is "multiInstanceLoopCharacteristics" or "standardLoopCharacteristics");
        if (loop?.Name.LocalName == "multiInstanceLoopCharacteristics")
        {
            var sequential = string.Equals((string?)loop.Attribute("isSequential"), "true", StringComparison.OrdinalIgnoreCase);
            markers.Add(cx => SvgIcons.MultiInstance(cx, b.Bottom, sequential, paint.Stroke));
        }
        else if (loop is not null)
        {
            markers.Add(cx => SvgIcons.Loop(cx, b.Bottom, paint.Stroke));
        }

        if (!expanded && shape.Kind is "subProcess" or "transaction" or "adHocSubProcess" or "callActivity"
            && (shape.Kind != "callActivity" || semantic?.Attribute("calledElement") is not null))
        {
            markers.Add(cx => SvgIcons.Collapsed(cx, b.Bottom, paint.Stroke));
        }

        for (var i = 0; i < markers.Count; i++)
        {
            group.Add(markers[i](b.CenterX + ((i - ((markers.Count - 1) / 2.0)) * 18)));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        if (expanded)
        {
            var lines = TextLayout.Wrap(name, b.Width - 20, FontSize, 2);
            TextBlock(group, lines, b.CenterX, b.Y + 6, "middle");
        }
        else
        {
            var reserved = markers.Count > 0 ? 18 : 4;
            var maxLines = Math.Max(1, (int)((b.Height - reserved - 4) / LineHeight));
            var centerX = b.CenterX;
            var lines = TextLayout.Wrap(name, b.Width - 12, FontSize, maxLines);
            var top = b.CenterY - (lines.Count * LineHeight / 2);

            // In a low task the text would run over the type icon: it moves to the right of the icon.
            var hasIcon = shape.Kind is "userTask" or "manualTask" or "serviceTask" or "sendTask" or "receiveTask" or "scriptTask" or "businessRuleTask";
            if (hasIcon && top < b.Y + 26 && b.Width > 60)
            {
                centerX = b.CenterX + 12;
                lines = TextLayout.Wrap(name, b.Width - 36, FontSize, maxLines);
                top = b.CenterY - (lines.Count * LineHeight / 2);
            }

            top = Math.Max(b.Y + 2, Math.Min(top, b.Bottom - reserved - (lines.Count * LineHeight)));
            TextBlock(group, lines, centerX, top, "middle");
        }
    }

    private XElement DrawEdge(DiagramEdge edge)
    {
        var name = NameOf(edge.Semantic);
        var group = Group(edge.ElementId, edge.Kind, name);
        var stroke = PaintOf(edge.ElementId).Stroke;
        var points = edge.Waypoints;
        foreach (var point in points)
        {
            Include(new Rect(point.X, point.Y, 0, 0));
        }

        var width = PaintOf(edge.ElementId).Marked ? 2.5 : 1.5;
        var (endDirection, endNormal) = Direction(points[^2], points[^1]);

        // The line stops inside the arrowhead so the stroke does not blunt its tip.
        var shortened = points.ToList();
        if (edge.Kind is "sequenceFlow" or "messageFlow")
        {
            shortened[^1] = new Point(points[^1].X - (endDirection.X * 5), points[^1].Y - (endDirection.Y * 5));
        }

        var line = El("polyline", At("points", Points(shortened)), At("fill", "none"), At("stroke", stroke), At("stroke-width", width), At("stroke-linejoin", "round"));
        group.Add(line);
        var (startDirection, startNormal) = Direction(points[1], points[0]);
        var start = points[0];
        var end = points[^1];
        switch (edge.Kind)
        {
            case "sequenceFlow":
                group.Add(Arrow(end, endDirection, endNormal, stroke, stroke));
                var source = (string?)edge.Semantic?.Attribute("sourceRef") is { } sourceRef ? diagram.Semantics.GetValueOrDefault(sourceRef) : null;
                var forward = (X: -startDirection.X, Y: -startDirection.Y);
                if (source is not null && (string?)source.Attribute("default") == edge.ElementId)
                {
                    var at = new Point(start.X + (forward.X * 9), start.Y + (forward.Y * 9));
                    group.Add(Line(at.X - (startNormal.X * 5) - (forward.X * 3), at.Y - (startNormal.Y * 5) - (forward.Y * 3), at.X + (startNormal.X * 5) + (forward.X * 3), at.Y + (startNormal.Y * 5) + (forward.Y * 3), stroke, 1.5));
                }
                else if (source is not null && !source.Name.LocalName.EndsWith("Gateway", StringComparison.Ordinal)
                    && !source.Name.LocalName.EndsWith("Event", StringComparison.Ordinal)
                    && edge.Semantic!.Elements().Any(e => e.Name.LocalName == "conditionExpression"))
                {
                    group.Add(Polygon(
                        [start, new(start.X + (forward.X * 8) + (startNormal.X * 5), start.Y + (forward.Y * 8) + (startNormal.Y * 5)), new(start.X + (forward.X * 16), start.Y + (forward.Y * 16)), new(start.X + (forward.X * 8) - (startNormal.X * 5), start.Y + (forward.Y * 8) - (startNormal.Y * 5))],
                        stroke,
                        Paper,
                        1));
                }

                break;
            case "messageFlow":
                line.Add(At("stroke-dasharray", "10 6"));
                group.Add(Circle(start.X - (startDirection.X * 4), start.Y - (startDirection.Y * 4), 4, stroke, Paper, 1.5));
                group.Add(Arrow(end, endDirection, endNormal, stroke, Paper));
                break;
            case "association" or "dataInputAssociation" or "dataOutputAssociation":
                line.Add(At("stroke-dasharray", "2 4"), At("stroke-linecap", "round"));
                var direction = (string?)edge.Semantic?.Attribute("associationDirection");
                if (edge.Kind != "association" || direction is "One" or "Both")
                {
                    group.Add(OpenArrow(end, endDirection, endNormal, stroke));
                }

                if (direction == "Both")
                {
                    group.Add(OpenArrow(start, startDirection, startNormal, stroke));
                }

                break;
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            if (edge.LabelBounds is { } bounds)
            {
                var lines = TextLayout.Wrap(name, Math.Max((bounds.Width * 1.15) + 6, 40), FontSize);
                TextBlock(group, lines, bounds.CenterX, bounds.Y, "middle");
            }
            else
            {
                var middle = points.Count / 2;
                var a = points[middle - 1];
                var b = points[middle];
                var lines = TextLayout.Wrap(name, ExternalLabelWidth, FontSize);
                TextBlock(group, lines, ((a.X + b.X) / 2) + 4, ((a.Y + b.Y) / 2) - (lines.Count * LineHeight) - 2, "start");
            }
        }

        return group;
    }

    private static ((double X, double Y) Direction, (double X, double Y) Normal) Direction(Point from, Point to)
    {
        var dx = to.X - from.X;
        var dy = to.Y - from.Y;
        var length = Math.Sqrt((dx * dx) + (dy * dy));
        if (length < 1e-9)
        {
            return ((1, 0), (0, 1));
        }

        dx /= length;
        dy /= length;
        return ((dx, dy), (-dy, dx));
    }

    private static XElement Arrow(Point tip, (double X, double Y) d, (double X, double Y) n, string stroke, string fill)
    {
        var baseX = tip.X - (d.X * 11);
        var baseY = tip.Y - (d.Y * 11);
        return Polygon([tip, new(baseX + (n.X * 4), baseY + (n.Y * 4)), new(baseX - (n.X * 4), baseY - (n.Y * 4))], stroke, fill, 1);
    }

    private static XElement OpenArrow(Point tip, (double X, double Y) d, (double X, double Y) n, string stroke)
    {
        var baseX = tip.X - (d.X * 10);
        var baseY = tip.Y - (d.Y * 10);
        return El(
            "polyline",
            At("points", Points([new(baseX + (n.X * 5), baseY + (n.Y * 5)), tip, new(baseX - (n.X * 5), baseY - (n.Y * 5))])),
            At("fill", "none"),
            At("stroke", stroke),
            At("stroke-width", 1.5));
    }

    private void ExternalLabel(XElement group, DiagramShape shape, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return;
        }

        if (shape.LabelBounds is { } bounds)
        {
            // Modelers size label bounds with their own font metrics; a little slack avoids extra breaks.
            var lines = TextLayout.Wrap(name, Math.Max((bounds.Width * 1.15) + 6, 40), FontSize);
            TextBlock(group, lines, bounds.CenterX, bounds.Y, "middle");
        }
        else
        {
            var lines = TextLayout.Wrap(name, ExternalLabelWidth, FontSize);
            TextBlock(group, lines, shape.Bounds.CenterX, shape.Bounds.Bottom + 5, "middle");
        }
    }

    private void TextBlock(XElement parent, IReadOnlyList<string> lines, double x, double top, string anchor, bool track = true)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var text = El("text", At("x", x), At("y", top + (i * LineHeight) + FontSize - 1), At("fill", Ink), lines[i]);
            if (anchor != "start")
            {
                text.Add(At("text-anchor", anchor));
            }

            parent.Add(text);
            if (track)
            {
                var width = TextLayout.Width(lines[i], FontSize);
                var left = anchor == "middle" ? x - (width / 2) : x;
                Include(new Rect(left, top + (i * LineHeight), width, LineHeight));
            }
        }
    }

    private XElement Group(string id, string kind, string? name)
    {
        var classes = "cf-element";
        if (marks is not null)
        {
            classes += marks.Active.Contains(id) ? " cf-active" : string.Empty;
            classes += marks.Completed.Contains(id) ? " cf-completed" : string.Empty;
            classes += marks.Overdue.Contains(id) ? " cf-overdue" : string.Empty;
        }

        var title = string.IsNullOrWhiteSpace(name) ? id : $"{NormalizeSpace(name)} ({id})";
        return El("g", At("data-element-id", id), At("data-element-type", kind), At("class", classes), El("title", title));
    }

    // Overdue wins over active, active over completed: the most urgent state is the one drawn.
    private Paint PaintOf(string id) =>
        marks is null ? Plain
        : marks.Overdue.Contains(id) ? Overdue
        : marks.Active.Contains(id) ? Active
        : marks.Completed.Contains(id) ? Completed
        : Plain;

    private static string? NameOf(XElement? semantic)
    {
        if (semantic is null)
        {
            return null;
        }

        if (semantic.Name.LocalName == "textAnnotation")
        {
            return semantic.Elements().FirstOrDefault(e => e.Name.LocalName == "text")?.Value.Trim();
        }

        return (string?)semantic.Attribute("name");
    }

    private static string NormalizeSpace(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static XElement Dashed(XElement element, string? pattern)
    {
        if (pattern is not null)
        {
            element.Add(At("stroke-dasharray", pattern));
        }

        return element;
    }

    private void Include(Rect rect)
    {
        _minX = Math.Min(_minX, rect.X);
        _minY = Math.Min(_minY, rect.Y);
        _maxX = Math.Max(_maxX, rect.Right);
        _maxY = Math.Max(_maxY, rect.Bottom);
    }

    private readonly record struct Paint(string Stroke, string Fill, bool Marked);
}
