using CaseFlow.Approval.Contracts;
using CaseFlow.Approval.Features.Tasks;
using CaseFlow.Approval.Persistence;
using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Outbox;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Supervision.Contracts;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Approval.Features.Procedures;

/// <summary>
/// Rule 3: a case's limit "can be extended once with approval". Administrative Licensing Law art. 42: a decision is due
/// within 20 days (the statutory limit); when it cannot be made in time the head of the authority may approve 10 more days
/// (15 for joint handling, art. 42 para. 2), and the applicant is told why. The committed limit is the center's shorter
/// promise, so the choice here: one extension per case, asked by a department working the case and decided by the lead
/// approver or a supervisor (the head's role); it moves the committed clock by the working days asked, at most the art. 42
/// extension; if that would take the committed limit past the statutory one, the same approval extends the statutory clock
/// by its art. 42 extension too (the head's approval is what art. 42 asks), and past even that is refused. Limits are
/// compared in working days: both clocks start at acceptance and pause together, so that orders their due moments alike.
/// </summary>
internal static class ExtensionRule
{
    /// <summary>Art. 42 para. 1: 可以延长十日.</summary>
    public const int StatutoryExtensionDays = 10;

    /// <summary>Art. 42 para. 2: joint handling (联合办理) may be extended by 15 days.</summary>
    public const int JointStatutoryExtensionDays = 15;

    public static int MaxDays(ApprovalCase approval) => approval.CaseType == CaseType.Joint ? JointStatutoryExtensionDays : StatutoryExtensionDays;

    public static Error Once(CaseExtension existing) => Error.Conflict(
        "approval.extension-once",
        existing.State == ExtensionState.Approved
            ? $"Rule 3: a case's limit can be extended once, with approval; case {existing.CaseNumber} was extended by {existing.WorkingDays} working days on {existing.DecidedAt:yyyy-MM-dd}."
            : $"Rule 3: a case's limit can be extended once, with approval; the extension of case {existing.CaseNumber} requested on {existing.RequestedAt:yyyy-MM-dd} waits for its decision.");

    /// <summary>Whether the committed clock extended by <paramref name="days"/> stays within the statutory limit, and whether that needs the statutory extension.</summary>
    public static (bool Fits, bool ExtendsStatutory) Check(ApprovalCase approval, ClockDto committed, ClockDto statutory, int days)
    {
        var committedLimit = committed.LimitDays + days;
        var statutoryLimit = statutory.LimitDays + statutory.ExtensionDays;
        if (committedLimit <= statutoryLimit)
        {
            return (true, false);
        }

        var statutoryExtended = statutory.Extension is null ? statutory.LimitDays + MaxDays(approval) : statutoryLimit;
        return (committedLimit <= statutoryExtended, statutory.Extension is null);
    }
}

internal sealed class RequestExtensionHandler(ApprovalDbContext db, ISender sender, TimeProvider clock) : IRequestHandler<RequestExtension, Result<CaseExtensionDto>>
{
    public async Task<Result<CaseExtensionDto>> Handle(RequestExtension request, CancellationToken cancellationToken)
    {
        if (request.WorkingDays is not { } days)
        {
            return Error.Invalid("approval.extension-days", "Give the working days the limit is to be extended by.", "workingDays");
        }

        if (CaseClockAccess.Text(request.Reason) is { Length: 0 or > 1000 })
        {
            // Art. 42: the applicant is told the reason of the extension.
            return Error.Invalid("approval.reason-required", "Give the reason the applicant will be told (at most 1000 characters).", "reason");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var approval = await CaseClockAccess.LockAsync(db, request.CaseNumber, cancellationToken);
        if (approval is null)
        {
            return CaseClockAccess.NotFound(request.CaseNumber);
        }

        if (await CaseClockAccess.MayWorkAsync(db, request.Actor, approval, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (days < 1 || days > ExtensionRule.MaxDays(approval))
        {
            return Error.Invalid("approval.extension-days", $"One extension adds between 1 and {ExtensionRule.MaxDays(approval)} working days (Administrative Licensing Law art. 42).", "workingDays");
        }

        if (CaseClockAccess.Open(approval) is { } closed)
        {
            return closed;
        }

        if (await db.Extensions.AsNoTracking().FirstOrDefaultAsync(e => e.RegionCode == approval.RegionCode && e.CaseNumber == approval.CaseNumber && e.State != ExtensionState.Denied, cancellationToken) is { } existing)
        {
            return ExtensionRule.Once(existing);
        }

        if (await ClocksAsync(sender, approval, cancellationToken) is not var (committed, statutory))
        {
            return Error.Conflict("approval.no-case-clock", $"The case {approval.CaseNumber} has no running clocks.");
        }

        if (committed.Extension is not null)
        {
            return Error.Conflict("approval.extension-once", $"Rule 3: a case's limit can be extended once, with approval; the committed clock of case {approval.CaseNumber} was already extended.");
        }

        if (!ExtensionRule.Check(approval, committed, statutory, days).Fits)
        {
            return Error.Invalid(
                "approval.extension-past-statutory",
                $"{days} more working days would take the committed limit ({committed.LimitDays}) past the statutory limit even with its art. 42 extension ({statutory.LimitDays} + {ExtensionRule.MaxDays(approval)}).",
                "workingDays");
        }

        var now = clock.GetUtcNow();
        var extension = new CaseExtension
        {
            Id = Guid.CreateVersion7(now),
            RegionCode = approval.RegionCode,
            CaseNumber = approval.CaseNumber,
            WorkingDays = days,
            Reason = CaseClockAccess.Text(request.Reason),
            State = ExtensionState.Requested,
            RequestedBy = request.Actor.Id,
            RequestedByName = request.Actor.Name,
            RequestedByDepartment = request.Actor.DepartmentCode!,
            RequestedAt = now,
        };
        db.Extensions.Add(extension);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (CaseClockAccess.IsUniqueViolation(e))
        {
            return Error.Conflict("approval.extension-once", $"Rule 3: a case's limit can be extended once, with approval; case {approval.CaseNumber} already has its extension request.");
        }

        await transaction.CommitAsync(cancellationToken);
        return extension.ToDto();
    }

    public static async Task<(ClockDto Committed, ClockDto Statutory)?> ClocksAsync(ISender sender, ApprovalCase approval, CancellationToken cancellationToken)
    {
        if (approval.CommittedClockId is not { } committedId || approval.StatutoryClockId is not { } statutoryId
            || await sender.Send(new GetClock(committedId), cancellationToken) is not { IsSuccess: true } committed
            || await sender.Send(new GetClock(statutoryId), cancellationToken) is not { IsSuccess: true } statutory)
        {
            return null;
        }

        return (committed.Value, statutory.Value);
    }
}

/// <summary>
/// The head's decision on the pending request. The decision commits first with its ledger entry (rule 5); the clocks are
/// then extended through <see cref="Clocks.CaseClocks"/>, which every later case read repeats if a crash came between.
/// </summary>
internal sealed class DecideExtensionHandler(ApprovalDbContext db, ISender sender, TaskMirror mirror, TimeProvider clock) : IRequestHandler<DecideExtension, Result<CaseExtensionDto>>
{
    public async Task<Result<CaseExtensionDto>> Handle(DecideExtension request, CancellationToken cancellationToken)
    {
        if (request.Approve is not { } approve)
        {
            return Error.Invalid("approval.extension-decision", "Say whether the extension is approved (true) or denied (false).", "approve");
        }

        var note = CaseClockAccess.Text(request.Note);
        if (note.Length > 1000 || (!approve && note.Length == 0))
        {
            return Error.Invalid("approval.decision-note", "A denial gives its reason (at most 1000 characters).", "note");
        }

        CaseExtension extension;
        Guid committedClock;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var approval = await CaseClockAccess.LockAsync(db, request.CaseNumber, cancellationToken);
            if (approval is null)
            {
                return CaseClockAccess.NotFound(request.CaseNumber);
            }

            if (CaseClockAccess.MayDecideExtension(request.Actor, approval) is { } denied)
            {
                return denied;
            }

            var current = await db.Extensions
                .Where(e => e.RegionCode == approval.RegionCode && e.CaseNumber == approval.CaseNumber && e.State != ExtensionState.Denied)
                .SingleOrDefaultAsync(cancellationToken);
            if (current is null)
            {
                return Error.Conflict("approval.no-extension-request", $"No extension of case {approval.CaseNumber} waits for a decision.");
            }

            if (current.State == ExtensionState.Approved)
            {
                return ExtensionRule.Once(current);
            }

            // Two steps, two people: whoever asked does not approve their own request.
            if (current.RequestedBy == request.Actor.Id)
            {
                return Error.Forbidden("approval.extension-own-request", "An extension is approved by someone other than who requested it.");
            }

            if (CaseClockAccess.Open(approval) is { } closed)
            {
                return closed;
            }

            var now = clock.GetUtcNow();
            current.DecidedBy = request.Actor.Id;
            current.DecidedByName = request.Actor.Name;
            current.DecidedAt = now;
            current.DecisionNote = note.Length == 0 ? null : note;
            if (approve)
            {
                if (await RequestExtensionHandler.ClocksAsync(sender, approval, cancellationToken) is not var (committed, statutory))
                {
                    return Error.Conflict("approval.no-case-clock", $"The case {approval.CaseNumber} has no running clocks.");
                }

                if (committed.Extension is not null)
                {
                    return Error.Conflict("approval.extension-once", $"Rule 3: a case's limit can be extended once, with approval; the committed clock of case {approval.CaseNumber} was already extended.");
                }

                var (fits, extendsStatutory) = ExtensionRule.Check(approval, committed, statutory, current.WorkingDays);
                if (!fits)
                {
                    return Error.Conflict(
                        "approval.extension-past-statutory",
                        $"{current.WorkingDays} more working days would take the committed limit past the statutory limit even with its art. 42 extension.");
                }

                current.State = ExtensionState.Approved;
                current.StatutoryExtended = extendsStatutory;
                db.AddNotification(new ClockLedgerEntryDue(new RecordLedgerEntry(
                    LedgerEntryKind.CaseExtension,
                    $"approval:extension:{current.Id}",
                    "case",
                    approval.CaseNumber,
                    request.Actor.Name,
                    $"Case {approval.CaseNumber} extended by {current.WorkingDays} working days"
                        + (extendsStatutory ? " (statutory limit extended too, art. 42)" : string.Empty)
                        + $", requested by {current.RequestedByName}, approved by {request.Actor.Name}: {current.Reason}",
                    now)), now);
            }
            else
            {
                current.State = ExtensionState.Denied;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            extension = current;
            committedClock = approval.CommittedClockId!.Value;
        }

        if (extension.State == ExtensionState.Approved)
        {
            await mirror.SyncAsync(extension.CaseNumber, cancellationToken);
            if (await sender.Send(new GetClock(committedClock), cancellationToken) is { IsSuccess: true } read)
            {
                extension.CommittedDueAt = read.Value.DueAt;
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return extension.ToDto();
    }
}
