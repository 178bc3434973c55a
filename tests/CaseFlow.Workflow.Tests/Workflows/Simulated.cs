using System.Text.Json;
using CaseFlow.Workflow.Simulation;
using CaseFlow.Workflow.Tests.Rendering;

namespace CaseFlow.Workflow.Tests.Workflows;

/// <summary>One line of the simulate output that reports an event: virtual time, event name, element id.</summary>
internal sealed record SimulatedEvent(string T, string Event, string Element);

/// <summary>
/// A run of <c>caseflow workflows simulate</c> on a file of workflows/, through <see cref="WorkflowCommands.Simulate"/>,
/// with its output split into the lines a reader of the command sees.
/// </summary>
internal sealed class Simulated
{
    private Simulated(int exit, IReadOnlyList<string> lines)
    {
        Exit = exit;
        Lines = lines;
        Events = lines
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("event", out _))
            .Select(l => new SimulatedEvent(l.GetProperty("t").GetString()!, l.GetProperty("event").GetString()!, l.GetProperty("element").GetString()!))
            .ToList();
    }

    /// <summary>Where the virtual clock starts unless a test says otherwise: Monday 2 March 2026, 09:00 China Standard Time.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public int Exit { get; }

    public IReadOnlyList<string> Lines { get; }

    public IReadOnlyList<SimulatedEvent> Events { get; }

    /// <summary>The last line: {"state":...,"active":[...]}.</summary>
    public string State => Lines[^1];

    /// <summary>The message of the error line, when a step could not apply.</summary>
    public string? Error => Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(l => l.TryGetProperty("error", out _)).Select(l => l.GetProperty("error").GetString()).SingleOrDefault();

    /// <summary>The elements entered, in order: the path the case took.</summary>
    public List<string> Path => Of("entered");

    /// <summary>The elements of the events of one kind, in order.</summary>
    public List<string> Of(string eventName) => Events.Where(e => e.Event == eventName).Select(e => e.Element).ToList();

    /// <summary>The virtual times of the events of one kind on one element, in order.</summary>
    public List<string> When(string eventName, string element) =>
        Events.Where(e => e.Event == eventName && e.Element == element).Select(e => e.T).ToList();

    /// <summary>Simulates the file with the steps (each a JSON object in the issue's format) from Monday 09:00.</summary>
    public static Simulated Run(string workflowFile, params string[] steps) => RunFrom(Monday, workflowFile, steps);

    /// <summary>Simulates the file with the steps on a virtual clock that starts at the given time.</summary>
    public static Simulated RunFrom(DateTimeOffset start, string workflowFile, params string[] steps)
    {
        var output = new StringWriter();

        var exit = WorkflowCommands.Simulate(System.IO.Path.Combine(TestFiles.WorkflowsDirectory, workflowFile), $"[{string.Join(",", steps)}]", start, output);

        return new Simulated(exit, output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList());
    }
}
