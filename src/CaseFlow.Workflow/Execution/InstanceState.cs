using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaseFlow.Workflow.Execution;

[JsonConverter(typeof(JsonStringEnumConverter<InstanceStatus>))]
public enum InstanceStatus
{
    Running,
    Completed,
    Terminated,
}

[JsonConverter(typeof(JsonStringEnumConverter<ScopeKind>))]
public enum ScopeKind
{
    Process,
    SubProcess,

    /// <summary>The whole multi-instance activity: holds the collection and the nrOf* counters.</summary>
    MultiInstanceBody,

    /// <summary>One instance of a multi-instance activity: holds the element variable and loopCounter.</summary>
    MultiInstanceItem,
}

/// <summary>
/// The complete state of one process instance: everything needed to continue it, and nothing else. It is a plain
/// JSON-serializable value; the engine never mutates a state it was given (it works on a copy).
/// </summary>
public sealed record InstanceState
{
    public const string RootScopeId = "s0";

    public required string ProcessId { get; init; }

    public InstanceStatus Status { get; set; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The next number for token, scope, task, timer and job ids, so ids are deterministic.</summary>
    public long NextId { get; set; } = 1;

    public List<TokenState> Tokens { get; init; } = [];

    public List<ScopeState> Scopes { get; init; } = [];

    public List<UserTaskState> Tasks { get; init; } = [];

    public List<TimerState> Timers { get; init; } = [];

    public List<SubscriptionState> Subscriptions { get; init; } = [];

    public List<ServiceJobState> Jobs { get; init; } = [];

    /// <summary>Process-level case variables.</summary>
    public Dictionary<string, JsonElement> Variables { get; init; } = new(StringComparer.Ordinal);

    /// <summary>True while a token waits in an element marked caseflow:pausesClock.</summary>
    public bool ClockPaused { get; set; }

    /// <summary>When the current pause of the clock began; null while the clock runs.</summary>
    public DateTimeOffset? ClockPausedAt { get; set; }

    /// <summary>
    /// The working-day limits of user tasks (caseflow:dueWorkingDays), by element (and multi-instance item): a limit runs
    /// from the element's first entry and does not start again when the element is entered again; paused time is left out.
    /// </summary>
    public Dictionary<string, TaskLimit> Limits { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Element ids where tokens are, sorted: what a diagram marks as active.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ActiveElements =>
        Tokens.Select(t => t.ElementId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public InstanceState Copy() => this with
    {
        Tokens = [.. Tokens],
        Scopes = [.. Scopes],
        Tasks = [.. Tasks],
        Timers = [.. Timers],
        Subscriptions = [.. Subscriptions],
        Jobs = [.. Jobs],
        Variables = new Dictionary<string, JsonElement>(Variables, StringComparer.Ordinal),
        Limits = new Dictionary<string, TaskLimit>(Limits, StringComparer.Ordinal),
    };
}

/// <summary>A user task's working-day limit: when it began to run, and the working days of clock pauses that ended since.</summary>
public sealed record TaskLimit(DateTimeOffset StartedAt, int PausedWorkingDays);

/// <summary>A token waiting at an element. Tokens persist only while waiting; a trigger runs them until they wait again.</summary>
public sealed record TokenState(string Id, string ElementId, string ScopeId, string? ArrivedVia = null);

/// <summary>
/// A scope: the process, a running subProcess, a multi-instance activity (body) or one of its instances (item).
/// OwnerTokenId is the token waiting at the activity in the parent scope (null for the process and for items).
/// </summary>
public sealed record ScopeState(string Id, ScopeKind Kind, string ElementId, string? ParentScopeId, string? OwnerTokenId)
{
    /// <summary>Local variables: the element variable and loopCounter of a multi-instance item.</summary>
    public Dictionary<string, JsonElement> Variables { get; init; } = new(StringComparer.Ordinal);

    /// <summary>For a multi-instance body: the items (a collection's elements, or nulls for loopCardinality).</summary>
    public List<JsonElement> Items { get; init; } = [];

    public int NextItem { get; init; }

    public int Instances { get; init; }

    public int CompletedInstances { get; init; }

    public int ActiveInstances { get; init; }
}

public sealed record UserTaskState(
    string Id,
    string ElementId,
    string? Name,
    string TokenId,
    DateTimeOffset CreatedAt,
    string? Assignee,
    string? CandidateRole,
    string? CandidateDepartment,
    DateTimeOffset? DueAt,
    bool PausesClock,
    int? LoopCounter);

/// <summary>A pending timer of an intermediate catch event or a boundary event (then TokenId is the activity's token).</summary>
public sealed record TimerState(string Id, string ElementId, string TokenId, DateTimeOffset DueAt);

public sealed record SubscriptionState(string Id, string ElementId, string TokenId, string MessageName);

/// <summary>A service task waiting for its handler's result.</summary>
public sealed record ServiceJobState(string Id, string ElementId, string TokenId, string? Handler);
