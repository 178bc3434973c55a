using System.Xml.Linq;
using static CaseFlow.Workflow.Rendering.Svg;

namespace CaseFlow.Workflow.Rendering;

/// <summary>The small BPMN glyphs: event definitions, task types, activity and gateway markers.</summary>
internal static class SvgIcons
{
    private const string White = "#ffffff";

    public static XElement Envelope(double cx, double cy, double width, double height, string stroke, bool filled)
    {
        var x = cx - (width / 2);
        var y = cy - (height / 2);
        return El(
            "g",
            Rect(x, y, width, height, 0, filled ? White : stroke, filled ? stroke : White, 1),
            El("polyline", At("points", Points([new(x, y), new(cx, cy + (height * 0.1)), new(x + width, y)])), At("fill", "none"), At("stroke", filled ? White : stroke), At("stroke-width", 1)));
    }

    public static XElement Clock(double cx, double cy, double r, string stroke)
    {
        var clock = El("g", Circle(cx, cy, r, stroke, White, 1.5));
        for (var hour = 0; hour < 12; hour++)
        {
            var angle = hour * Math.PI / 6;
            var (sin, cos) = Math.SinCos(angle);
            clock.Add(Line(cx + (sin * r * 0.78), cy - (cos * r * 0.78), cx + (sin * r * 0.95), cy - (cos * r * 0.95), stroke, 1));
        }

        clock.Add(
            Line(cx, cy, cx + (r * 0.05), cy - (r * 0.65), stroke, 1.5),
            Line(cx, cy, cx + (r * 0.5), cy + (r * 0.1), stroke, 1.5));
        return clock;
    }

    public static XElement? EventDefinition(string definition, double cx, double cy, double r, string stroke, bool filled)
    {
        var s = r / 18;
        var fill = filled ? stroke : "none";
        Point P(double dx, double dy) => new(cx + (dx * s), cy + (dy * s));
        return definition switch
        {
            "messageEventDefinition" => Envelope(cx, cy, 16 * s, 11 * s, stroke, filled),
            "timerEventDefinition" => Clock(cx, cy, 10.5 * s, stroke),
            "terminateEventDefinition" => Circle(cx, cy, r * 0.6, stroke, stroke, 1),
            "signalEventDefinition" => Polygon([P(0, -9), P(8, 5), P(-8, 5)], stroke, fill, 1.2),
            "errorEventDefinition" => Polygon([P(-7, 8), P(-3, -7), P(1, 1), P(7, -8), P(3, 7), P(-1, -1)], stroke, fill, 1.2),
            "escalationEventDefinition" => Polygon([P(0, -9), P(6, 8), P(0, 2), P(-6, 8)], stroke, fill, 1.2),
            "compensateEventDefinition" => Polygon([P(-9, 0), P(-1, -6), P(-1, 0), P(7, -6), P(7, 6), P(-1, 0), P(-1, 6)], stroke, fill, 1.2),
            "linkEventDefinition" => Polygon([P(-8, -3), P(2, -3), P(2, -7), P(9, 0), P(2, 7), P(2, 3), P(-8, 3)], stroke, fill, 1.2),
            "cancelEventDefinition" => El("g", Line(cx - (6 * s), cy - (6 * s), cx + (6 * s), cy + (6 * s), stroke, 3 * s), Line(cx + (6 * s), cy - (6 * s), cx - (6 * s), cy + (6 * s), stroke, 3 * s)),
            "conditionalEventDefinition" => El(
                "g",
                Rect(cx - (6 * s), cy - (8 * s), 12 * s, 16 * s, 0, stroke, "none", 1),
                Line(cx - (4 * s), cy - (4 * s), cx + (4 * s), cy - (4 * s), stroke, 1),
                Line(cx - (4 * s), cy, cx + (4 * s), cy, stroke, 1),
                Line(cx - (4 * s), cy + (4 * s), cx + (4 * s), cy + (4 * s), stroke, 1)),
            _ => null,
        };
    }

    public static XElement Person(double x, double y, string stroke) => El(
        "g",
        El("path", At("d", $"M{N(x + 7)},{N(y + 25)} v-3 a8,6 0 0 1 16,0 v3 z"), At("fill", White), At("stroke", stroke), At("stroke-width", 1)),
        Circle(x + 15, y + 13, 4, stroke, White, 1));

    public static XElement Gear(double cx, double cy, string stroke)
    {
        var points = new List<Point>();
        for (var tooth = 0; tooth < 8; tooth++)
        {
            var middle = tooth * Math.PI / 4;
            foreach (var (offset, radius) in new[] { (-0.3, 5.2), (-0.17, 7.5), (0.17, 7.5), (0.3, 5.2) })
            {
                var (sin, cos) = Math.SinCos(middle + offset);
                points.Add(new Point(cx + (sin * radius), cy - (cos * radius)));
            }
        }

        return El("g", Polygon(points, stroke, White, 1), Circle(cx, cy, 2.4, stroke, White, 1));
    }

    public static XElement Script(double x, double y, string stroke) => El(
        "g",
        Rect(x + 9, y + 8, 12, 15, 0, stroke, White, 1),
        Line(x + 11, y + 12, x + 19, y + 12, stroke, 1),
        Line(x + 11, y + 16, x + 19, y + 16, stroke, 1),
        Line(x + 11, y + 20, x + 19, y + 20, stroke, 1));

    public static XElement Table(double x, double y, string stroke) => El(
        "g",
        Rect(x + 8, y + 9, 16, 12, 0, stroke, White, 1),
        Line(x + 8, y + 13, x + 24, y + 13, stroke, 1),
        Line(x + 13, y + 13, x + 13, y + 21, stroke, 1));

    public static XElement MultiInstance(double cx, double bottom, bool sequential, string stroke)
    {
        var marker = El("g");
        for (var bar = -1; bar <= 1; bar++)
        {
            marker.Add(sequential
                ? Line(cx - 6, bottom - 11 + (bar * 4.5), cx + 6, bottom - 11 + (bar * 4.5), stroke, 2)
                : Line(cx + (bar * 4.5), bottom - 17, cx + (bar * 4.5), bottom - 5, stroke, 2));
        }

        return marker;
    }

    public static XElement Loop(double cx, double bottom, string stroke) => El(
        "path",
        At("d", $"M{N(cx - 3)},{N(bottom - 5)} a6,6 0 1 1 6,0 m0,0 l1,-4 m-1,4 l4,0"),
        At("fill", "none"),
        At("stroke", stroke),
        At("stroke-width", 1.5));

    public static XElement Collapsed(double cx, double bottom, string stroke) => El(
        "g",
        Rect(cx - 7, bottom - 18, 14, 14, 0, stroke, White, 1),
        Line(cx - 4, bottom - 11, cx + 4, bottom - 11, stroke, 1.5),
        Line(cx, bottom - 15, cx, bottom - 7, stroke, 1.5));

    public static XElement? GatewayMarker(string kind, Rect bounds, bool exclusiveMarkerVisible, string stroke)
    {
        var cx = bounds.CenterX;
        var cy = bounds.CenterY;
        var size = Math.Min(bounds.Width, bounds.Height);
        var cross = size * 0.2;
        var plus = size * 0.27;
        XElement Cross() => El("g", Line(cx - cross, cy - cross, cx + cross, cy + cross, stroke, 3.5), Line(cx + cross, cy - cross, cx - cross, cy + cross, stroke, 3.5));
        XElement Plus() => El("g", Line(cx - plus, cy, cx + plus, cy, stroke, 3.5), Line(cx, cy - plus, cx, cy + plus, stroke, 3.5));
        return kind switch
        {
            "exclusiveGateway" => exclusiveMarkerVisible ? Cross() : null,
            "parallelGateway" => Plus(),
            "inclusiveGateway" => Circle(cx, cy, size * 0.24, stroke, "none", 2.5),
            "complexGateway" => El("g", Cross(), Plus()),
            "eventBasedGateway" => El(
                "g",
                Circle(cx, cy, size * 0.27, stroke, "none", 1),
                Circle(cx, cy, size * 0.23, stroke, "none", 1),
                Polygon(Enumerable.Range(0, 5).Select(i => Math.SinCos(i * 2 * Math.PI / 5)).Select(sc => new Point(cx + (sc.Sin * size * 0.13), cy - (sc.Cos * size * 0.13))), stroke, "none", 1)),
            _ => null,
        };
    }
}
