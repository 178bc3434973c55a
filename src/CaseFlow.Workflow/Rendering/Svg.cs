using System.Globalization;
using System.Xml.Linq;

namespace CaseFlow.Workflow.Rendering;

/// <summary>Small helpers to build SVG elements with invariant, rounded numbers (same input, same bytes).</summary>
internal static class Svg
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static XElement El(string name, params object?[] content) => new(Ns + name, content);

    public static XAttribute At(string name, string value) => new(name, value);

    public static XAttribute At(string name, double value) => new(name, N(value));

    public static string N(double value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    public static string Points(IEnumerable<Point> points) => string.Join(' ', points.Select(p => N(p.X) + "," + N(p.Y)));

    public static XElement Line(double x1, double y1, double x2, double y2, string stroke, double width) =>
        El("line", At("x1", x1), At("y1", y1), At("x2", x2), At("y2", y2), At("stroke", stroke), At("stroke-width", width));

    public static XElement Circle(double cx, double cy, double r, string stroke, string fill, double width) =>
        El("circle", At("cx", cx), At("cy", cy), At("r", r), At("stroke", stroke), At("fill", fill), At("stroke-width", width));

    public static XElement Polygon(IEnumerable<Point> points, string stroke, string fill, double width) =>
        El("polygon", At("points", Points(points)), At("stroke", stroke), At("fill", fill), At("stroke-width", width), At("stroke-linejoin", "round"));

    public static XElement Rect(double x, double y, double width, double height, double radius, string stroke, string fill, double strokeWidth)
    {
        var rect = El("rect", At("x", x), At("y", y), At("width", width), At("height", height));
        if (radius > 0)
        {
            rect.Add(At("rx", radius), At("ry", radius));
        }

        rect.Add(At("stroke", stroke), At("fill", fill), At("stroke-width", strokeWidth));
        return rect;
    }
}
