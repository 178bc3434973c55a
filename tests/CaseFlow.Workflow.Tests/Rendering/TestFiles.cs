using System.Xml.Linq;

namespace CaseFlow.Workflow.Tests.Rendering;

internal static class TestFiles
{
    public static readonly XNamespace SvgNs = "http://www.w3.org/2000/svg";

    public static string SamplesDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples");

    public static IEnumerable<string> Samples() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.bpmn").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!;

    public static string Sample(string fileName) => File.ReadAllText(Path.Combine(SamplesDirectory, fileName));

    // workflows/ lives at the repository root: found by walking up to the solution file, so the tests
    // always read the files as they are in the working tree.
    public static string WorkflowsDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CaseFlow.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("CaseFlow.sln not found above the test output."), "workflows");
        }
    }

    public static IEnumerable<string> Workflows() =>
        Directory.GetFiles(WorkflowsDirectory, "*.bpmn").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!;

    public static IEnumerable<XElement> ElementGroups(XDocument svg) =>
        svg.Descendants(SvgNs + "g").Where(g => g.Attribute("data-element-id") is not null);

    public static XElement GroupOf(XDocument svg, string elementId) =>
        ElementGroups(svg).Single(g => (string?)g.Attribute("data-element-id") == elementId);

    public static string[] ClassesOf(XDocument svg, string elementId) =>
        ((string?)GroupOf(svg, elementId).Attribute("class") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string[] TextLinesOf(XElement group) =>
        group.Elements(SvgNs + "text").Select(t => t.Value).ToArray();
}
