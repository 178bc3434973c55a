using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Supervision.Contracts;

/// <summary>The responsible unit has seen the alert or violation and takes it on.</summary>
public sealed record AcknowledgeLedgerEntry(Guid Id, string By) : IRequest<Result<LedgerEntryDto>>;

/// <summary>The alert or violation has been put right; the note says how (e-supervision keeps it for appraisal).</summary>
public sealed record RectifyLedgerEntry(Guid Id, string By, string Note) : IRequest<Result<LedgerEntryDto>>;
