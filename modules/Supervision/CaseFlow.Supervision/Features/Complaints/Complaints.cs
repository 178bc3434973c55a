using CaseFlow.Deadline.Contracts;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Features.Statistics;
using CaseFlow.Supervision.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Supervision.Features.Complaints;

internal sealed class RegisterComplaintValidator : AbstractValidator<RegisterComplaint>
{
    public RegisterComplaintValidator()
    {
        RuleFor(r => r.Channel).IsInEnum().NotEqual(ComplaintChannel.Online).WithMessage("Complaints from the public form come through the online form.");
        RuleFor(r => r.Severity).IsInEnum();
        RuleFor(r => r.ComplainantName).NotEmpty().MaximumLength(50);
        RuleFor(r => r.ComplainantPhone).Matches("^[0-9+\\- ]{5,20}$").When(r => !string.IsNullOrEmpty(r.ComplainantPhone));
        RuleFor(r => r.CaseNumber).MaximumLength(32);
        RuleFor(r => r.DepartmentCode).MaximumLength(50);
        RuleFor(r => r.WindowCode).MaximumLength(20);
        RuleFor(r => r.StaffId).MaximumLength(100);
        RuleFor(r => r.Content).NotEmpty().MaximumLength(4000);
        // Rule 5: a simple complaint is settled on the spot, so it comes with its reply.
        RuleFor(r => r.Reply).NotEmpty().When(r => r.Severity == ComplaintSeverity.Simple).WithMessage("A simple complaint is settled at once: give the reply.");
        RuleFor(r => r.Reply).MaximumLength(4000);
        RuleFor(r => r.EscalateTo).MaximumLength(100);
        RuleFor(r => r.ReceivedBy).NotEmpty().MaximumLength(100);
        RuleFor(r => r.CenterCode).NotEmpty().MaximumLength(50);
    }
}

internal sealed class SubmitOnlineComplaintValidator : AbstractValidator<SubmitOnlineComplaint>
{
    public SubmitOnlineComplaintValidator()
    {
        RuleFor(r => r.ComplainantName).NotEmpty().MaximumLength(50);
        RuleFor(r => r.ComplainantPhone).Matches("^1[3-9][0-9]{9}$").When(r => !string.IsNullOrEmpty(r.ComplainantPhone))
            .WithMessage("Give a mainland mobile number (11 digits), or leave it empty.");
        RuleFor(r => r.CaseNumber).MaximumLength(32).Matches("^[A-Za-z0-9-]+$").When(r => !string.IsNullOrEmpty(r.CaseNumber));
        RuleFor(r => r.DepartmentCode).MaximumLength(50);
        RuleFor(r => r.WindowCode).MaximumLength(20);
        RuleFor(r => r.Content).NotEmpty().MinimumLength(5).MaximumLength(2000);
    }
}

internal sealed class ReplyToComplaintValidator : AbstractValidator<ReplyToComplaint>
{
    public ReplyToComplaintValidator()
    {
        RuleFor(r => r.Reply).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.By).NotEmpty().MaximumLength(100);
    }
}

internal sealed class EscalateComplaintValidator : AbstractValidator<EscalateComplaint>
{
    public EscalateComplaintValidator()
    {
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.To).MaximumLength(100);
        RuleFor(r => r.By).NotEmpty().MaximumLength(100);
    }
}

internal sealed class CloseComplaintValidator : AbstractValidator<CloseComplaint>
{
    public CloseComplaintValidator()
    {
        RuleFor(r => r.Note).MaximumLength(2000);
        RuleFor(r => r.By).NotEmpty().MaximumLength(100);
    }
}

/// <summary>
/// Rule 5 (电子监察): complaints on site, by phone and online. A simple one is closed at once with its reply; a complex
/// one gets a reply clock of 2–5 working days (configurable); a serious one is escalated (a ledger entry naming where
/// it went) and gets a clock too. The clock is the Deadline module's (owner <c>complaint:&lt;number&gt;</c>), so its yellow
/// and red alerts reach the ledger like a case's. Each complaint is counted in the statistics in the same transaction.
/// </summary>
internal sealed class ComplaintIntake(SupervisionDbContext db, ISender sender, TimeProvider clock, IOptions<SupervisionOptions> options)
    : IRequestHandler<RegisterComplaint, Result<ComplaintDto>>, IRequestHandler<SubmitOnlineComplaint, Result<ComplaintDto>>
{
    public Task<Result<ComplaintDto>> Handle(RegisterComplaint request, CancellationToken cancellationToken) =>
        RegisterAsync(request, cancellationToken);

    public Task<Result<ComplaintDto>> Handle(SubmitOnlineComplaint request, CancellationToken cancellationToken) =>
        RegisterAsync(
            new RegisterComplaint(
                ComplaintChannel.Online,
                ComplaintSeverity.Complex,
                request.ComplainantName,
                request.ComplainantPhone,
                request.CaseNumber,
                request.DepartmentCode,
                request.WindowCode,
                null,
                request.Content,
                null,
                null,
                "online",
                options.Value.CenterCode),
            cancellationToken);

    private async Task<Result<ComplaintDto>> RegisterAsync(RegisterComplaint request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;

        // A complaint about a case is counted for the case's department, window and first-contact staff member unless
        // the complainant names others.
        var fact = string.IsNullOrEmpty(request.CaseNumber)
            ? null
            : await db.CaseFacts.AsNoTracking().SingleOrDefaultAsync(f => f.RegionCode == SupervisionModule.DefaultRegion && f.CaseNumber == request.CaseNumber, cancellationToken);
        var center = fact?.CenterCode ?? request.CenterCode;
        var department = NullIfEmpty(request.DepartmentCode) ?? fact?.DepartmentCode;
        var window = NullIfEmpty(request.WindowCode) ?? fact?.WindowCode;
        var staff = NullIfEmpty(request.StaffId) ?? (request.DepartmentCode is null && request.WindowCode is null ? fact?.StaffId : null);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var day = CenterDate.Of(now);
        var sequence = await db.Database.SqlQuery<int>(
                $"""
                INSERT INTO supervision.complaint_counters AS c (region_code, year, last_number) VALUES ({SupervisionModule.DefaultRegion}, {day.Year}, 1)
                ON CONFLICT (region_code, year) DO UPDATE SET last_number = c.last_number + 1
                RETURNING last_number AS "Value"
                """)
            .ToListAsync(cancellationToken);
        var number = $"TS{day.Year}-{sequence[0]:000000}";
        var complaint = new Complaint
        {
            Id = Guid.CreateVersion7(now),
            RegionCode = SupervisionModule.DefaultRegion,
            Number = number,
            Channel = request.Channel,
            Severity = request.Severity,
            State = ComplaintState.Open,
            ComplainantName = request.ComplainantName.Trim(),
            ComplainantPhone = NullIfEmpty(request.ComplainantPhone),
            CaseNumber = NullIfEmpty(request.CaseNumber),
            CenterCode = center,
            DepartmentCode = department,
            WindowCode = window,
            StaffId = staff,
            Content = request.Content.Trim(),
            ReceivedBy = request.ReceivedBy,
            ReceivedAt = now,
        };

        if (request.Severity == ComplaintSeverity.Simple)
        {
            // Settled on the spot: the reply is the closing answer, given by whoever took the complaint.
            complaint.Reply = request.Reply!.Trim();
            complaint.RepliedBy = request.ReceivedBy;
            complaint.RepliedAt = now;
            complaint.State = ComplaintState.Closed;
            complaint.ClosedBy = request.ReceivedBy;
            complaint.ClosedAt = now;
        }
        else
        {
            // The clock is started before the row commits: StartClock is idempotent on the owner key, so a retry after
            // a failure here finds the same clock, and no committed complaint is ever without one.
            var days = request.Severity == ComplaintSeverity.Serious ? settings.SeriousComplaintDays : settings.ComplexComplaintDays;
            var started = await sender.Send(new StartClock($"complaint:{number}", days, now), cancellationToken);
            if (!started.IsSuccess)
            {
                return started.Error!;
            }

            complaint.ClockId = started.Value!.Id;
            complaint.DueAt = started.Value.DueAt;
            if (request.Severity == ComplaintSeverity.Serious)
            {
                await EscalateAsync(sender, complaint, NullIfEmpty(request.EscalateTo) ?? settings.EscalationTarget, "Serious complaint (严重投诉), escalated on receipt.", request.ReceivedBy, now, cancellationToken);
            }
        }

        db.Complaints.Add(complaint);
        await db.SaveChangesAsync(cancellationToken);
        await Counters.AddAsync(db, new Attribution(center, department, window, staff), day, new Delta(Complaints: 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return complaint.ToDto();
    }

    internal static async Task EscalateAsync(ISender sender, Complaint complaint, string to, string reason, string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        complaint.State = ComplaintState.Escalated;
        complaint.Severity = ComplaintSeverity.Serious;
        complaint.EscalatedTo = to;
        complaint.EscalatedAt = now;
        complaint.EscalatedBy = by;
        complaint.EscalationReason = reason;
        await sender.Send(
            new RecordLedgerEntry(
                LedgerEntryKind.ComplaintEscalated,
                $"complaint:{complaint.Number}:escalated",
                "complaint",
                complaint.Number,
                by,
                $"Complaint {complaint.Number} escalated to {to}: {reason}",
                now),
            cancellationToken);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// Reply, escalate, close. Each locks the complaint's row, checks the state and changes it in one transaction, so two
/// supervisors (or a double click) cannot both reply. The reply stops the clock: the complaint was answered in time
/// or not, and the ledger already has the alerts if not.
/// </summary>
internal sealed class ComplaintHandling(SupervisionDbContext db, ISender sender, TimeProvider clock, IOptions<SupervisionOptions> options)
    : IRequestHandler<ReplyToComplaint, Result<ComplaintDto>>,
      IRequestHandler<EscalateComplaint, Result<ComplaintDto>>,
      IRequestHandler<CloseComplaint, Result<ComplaintDto>>,
      IRequestHandler<GetComplaint, Result<ComplaintDto>>,
      IRequestHandler<ListComplaints, Page<ComplaintDto>>
{
    public async Task<Result<ComplaintDto>> Handle(ReplyToComplaint request, CancellationToken cancellationToken) =>
        await ChangeAsync(request.Number, async (complaint, now) =>
        {
            if (complaint.State is not (ComplaintState.Open or ComplaintState.Escalated))
            {
                return Error.Conflict("complaint.already-replied", $"Complaint {complaint.Number} is {complaint.State.ToString().ToLowerInvariant()}; it has its reply.");
            }

            if (complaint.ClockId is { } clockId)
            {
                // A clock stopped by an earlier attempt answers clock.stopped: the reply goes on.
                await sender.Send(new StopClock(clockId), cancellationToken);
            }

            complaint.Reply = request.Reply.Trim();
            complaint.RepliedBy = request.By;
            complaint.RepliedAt = now;
            complaint.State = ComplaintState.Replied;
            return null;
        }, cancellationToken);

    public async Task<Result<ComplaintDto>> Handle(EscalateComplaint request, CancellationToken cancellationToken) =>
        await ChangeAsync(request.Number, async (complaint, now) =>
        {
            if (complaint.State != ComplaintState.Open)
            {
                return Error.Conflict("complaint.cannot-be-escalated", $"Complaint {complaint.Number} is {complaint.State.ToString().ToLowerInvariant()}; only an open complaint can be escalated.");
            }

            await ComplaintIntake.EscalateAsync(sender, complaint, string.IsNullOrWhiteSpace(request.To) ? options.Value.EscalationTarget : request.To.Trim(), request.Reason.Trim(), request.By, now, cancellationToken);
            return null;
        }, cancellationToken);

    public async Task<Result<ComplaintDto>> Handle(CloseComplaint request, CancellationToken cancellationToken) =>
        await ChangeAsync(request.Number, (complaint, now) =>
        {
            if (complaint.State != ComplaintState.Replied)
            {
                return Task.FromResult<Error?>(Error.Conflict(
                    "complaint.cannot-be-closed",
                    complaint.State == ComplaintState.Closed ? $"Complaint {complaint.Number} is closed already." : $"Complaint {complaint.Number} has no reply yet; reply before closing it."));
            }

            complaint.State = ComplaintState.Closed;
            complaint.ClosedBy = request.By;
            complaint.ClosedAt = now;
            complaint.CloseNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
            return Task.FromResult<Error?>(null);
        }, cancellationToken);

    public async Task<Result<ComplaintDto>> Handle(GetComplaint request, CancellationToken cancellationToken)
    {
        var complaint = await db.Complaints.AsNoTracking()
            .SingleOrDefaultAsync(c => c.RegionCode == SupervisionModule.DefaultRegion && c.Number == request.Number, cancellationToken);
        return complaint is null ? NotFound(request.Number) : complaint.ToDto();
    }

    public async Task<Page<ComplaintDto>> Handle(ListComplaints request, CancellationToken cancellationToken)
    {
        var query = db.Complaints.AsNoTracking().Where(c => c.RegionCode == SupervisionModule.DefaultRegion);
        if (request.State is { } state)
        {
            query = query.Where(c => c.State == state);
        }

        // Keyset paging on the id (UUID v7: time ordered), newest first.
        if (Guid.TryParse(request.Before, out var before))
        {
            query = query.Where(c => c.Id < before);
        }

        var rows = await query.OrderByDescending(c => c.Id).Take(request.Limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > request.Limit ? rows[request.Limit - 1].Id.ToString() : null;
        return new Page<ComplaintDto>([.. rows.Take(request.Limit).Select(c => c.ToDto())], next);
    }

    private async Task<Result<ComplaintDto>> ChangeAsync(string number, Func<Complaint, DateTimeOffset, Task<Error?>> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var complaint = await db.Complaints
            .FromSql($"SELECT * FROM supervision.complaints WHERE region_code = {SupervisionModule.DefaultRegion} AND number = {number} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (complaint is null)
        {
            return NotFound(number);
        }

        if (await change(complaint, clock.GetUtcNow()) is { } error)
        {
            return error;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return complaint.ToDto();
    }

    private static Error NotFound(string number) => Error.NotFound("complaint.not-found", $"There is no complaint {number}.");
}
