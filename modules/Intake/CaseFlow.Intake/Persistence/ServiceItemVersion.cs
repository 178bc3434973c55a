using CaseFlow.Intake.Contracts;

namespace CaseFlow.Intake.Persistence;

/// <summary>One published version of a service item, immutable: the snapshot a case registered under it keeps.</summary>
internal sealed class ServiceItemVersion
{
    public long ServiceItemId { get; init; }

    public int Version { get; init; }

    public required ServiceItemDto Snapshot { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
