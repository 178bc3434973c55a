using CaseFlow.Deadline.Contracts;
using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Handovers;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Intake.Features.Inquiries;

/// <summary>How first-contact handovers of inquiries are timed; section <c>CaseFlow:Inquiries</c>.</summary>
internal sealed class InquiryOptions : HandoverOptions;

internal static class InquiryRules
{
    public const int MaxText = 4000;

    public static Error? Text(string? value, string field, int max, string what) =>
        string.IsNullOrWhiteSpace(value) ? Error.Invalid($"inquiry.{field}-required", $"Give the {what}.", field)
        : value.Length > max ? Error.Invalid($"inquiry.{field}-too-long", $"The {what} is at most {max} characters.", field)
        : null;

    public static Error NotFound(Guid id) => Error.NotFound("inquiry.not-found", $"There is no inquiry {id}.");

    /// <summary>Rule 1: only the accountable person answers or hands over; nobody else may pass the matter on.</summary>
    public static Error? MustBeAccountable(Inquiry inquiry, Actor actor) =>
        inquiry.AccountableId == actor.Id
            ? null
            : Error.Forbidden("inquiry.not-accountable", $"Only the accountable person ({inquiry.AccountableName}) may answer or transfer this inquiry.");

    public static InquiryView View(Inquiry inquiry, IEnumerable<InquiryTransfer> transfers) => new(
        inquiry.Id,
        inquiry.Subject,
        inquiry.Question,
        inquiry.ApplicantName,
        inquiry.State,
        new PersonView(inquiry.RecordedBy, inquiry.RecordedByName),
        inquiry.RecordedAt,
        new PersonView(inquiry.AccountableId, inquiry.AccountableName),
        inquiry.Answer,
        inquiry.AnsweredAt,
        [.. transfers.OrderBy(t => t.RequestedAt).ThenBy(t => t.Id).Select(View)]);

    public static TransferView View(InquiryTransfer t) => new(
        t.Id,
        new PersonView(t.FromId, t.FromName),
        t.ToKind,
        t.ToCode,
        t.Reason,
        t.RequestedAt,
        t.AcknowledgeDueAt,
        t.AcknowledgedBy is null ? null : new PersonView(t.AcknowledgedBy, t.AcknowledgedByName ?? t.AcknowledgedBy),
        t.AcknowledgedAt,
        t.EscalatedAt)
    {
        InquiryId = t.InquiryId,
    };

    public static async Task<InquiryView> ViewAsync(InquiriesDbContext db, Inquiry inquiry, CancellationToken cancellationToken) =>
        View(inquiry, await db.Transfers.AsNoTracking().Where(t => t.InquiryId == inquiry.Id).ToListAsync(cancellationToken));

    /// <summary>The inquiry row, locked for the rest of the transaction so handovers on one inquiry take turns.</summary>
    public static Task<Inquiry?> LockAsync(InquiriesDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Inquiries.FromSqlInterpolated($"SELECT * FROM intake.inquiries WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
}

internal sealed class RecordInquiryHandler(InquiriesDbContext db, TimeProvider clock) : IRequestHandler<RecordInquiry, Result<InquiryView>>
{
    public async Task<Result<InquiryView>> Handle(RecordInquiry request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        if ((InquiryRules.Text(body.Subject, "subject", 200, "subject") ?? InquiryRules.Text(body.Question, "question", InquiryRules.MaxText, "question")) is { } invalid)
        {
            return invalid;
        }

        if (body.ApplicantName?.Length > 100)
        {
            return Error.Invalid("inquiry.applicantName-too-long", "The applicant's name is at most 100 characters.", "applicantName");
        }

        // Rule 1: whoever records the inquiry is its first contact and owns it.
        var now = clock.GetUtcNow();
        var inquiry = new Inquiry
        {
            Id = Guid.CreateVersion7(now),
            RegionCode = IntakeModule.DefaultRegion,
            Subject = body.Subject!.Trim(),
            Question = body.Question!.Trim(),
            ApplicantName = string.IsNullOrWhiteSpace(body.ApplicantName) ? null : body.ApplicantName.Trim(),
            RecordedBy = request.Actor.Id,
            RecordedByName = request.Actor.Name,
            RecordedAt = now,
            AccountableId = request.Actor.Id,
            AccountableName = request.Actor.Name,
            State = InquiryState.Open,
        };
        db.Inquiries.Add(inquiry);
        await db.SaveChangesAsync(cancellationToken);
        return InquiryRules.View(inquiry, []);
    }
}

internal sealed class ReadInquiryHandler(InquiriesDbContext db) : IRequestHandler<ReadInquiry, Result<InquiryView>>
{
    public async Task<Result<InquiryView>> Handle(ReadInquiry request, CancellationToken cancellationToken) =>
        await db.Inquiries.AsNoTracking().SingleOrDefaultAsync(i => i.Id == request.Id, cancellationToken) is { } inquiry
            ? await InquiryRules.ViewAsync(db, inquiry, cancellationToken)
            : InquiryRules.NotFound(request.Id);
}

internal sealed class AnswerInquiryHandler(InquiriesDbContext db, TimeProvider clock) : IRequestHandler<AnswerInquiry, Result<InquiryView>>
{
    public async Task<Result<InquiryView>> Handle(AnswerInquiry request, CancellationToken cancellationToken)
    {
        if (InquiryRules.Text(request.Body.Answer, "answer", InquiryRules.MaxText, "answer") is { } invalid)
        {
            return invalid;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await AccountableInquiry.LockOpenAsync(db, request.Id, request.Actor,
            whenAnswered: "The inquiry has already been answered.", whenTransferPending: "A transfer of this inquiry waits for acknowledgement; the receiver answers once they have taken it over.", cancellationToken);
        if (locked.Error is { } refused)
        {
            return refused;
        }

        var inquiry = locked.Value;

        inquiry.State = InquiryState.Answered;
        inquiry.Answer = request.Body.Answer!.Trim();
        inquiry.AnsweredBy = request.Actor.Id;
        inquiry.AnsweredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await InquiryRules.ViewAsync(db, inquiry, cancellationToken);
    }
}

internal sealed class TransferInquiryHandler(InquiriesDbContext db, ISender sender, TimeProvider clock, IOptions<InquiryOptions> options)
    : IRequestHandler<TransferInquiry, Result<InquiryView>>
{
    public async Task<Result<InquiryView>> Handle(TransferInquiry request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        if (!Enum.TryParse<TransferTarget>(body.ToKind, ignoreCase: true, out var target) || !Enum.IsDefined(target) || int.TryParse(body.ToKind, out _))
        {
            return Error.Invalid("inquiry.invalid-target", "toKind is one of: window, department, person.", "toKind");
        }

        if ((InquiryRules.Text(body.To, "to", 100, "window, department or person to transfer to") ?? InquiryRules.Text(body.Reason, "reason", 1000, "reason for the transfer")) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var due = await sender.Send(new AddWorkingHours(Calendars.National, now, options.Value.AcknowledgeWithinWorkingHours), cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await AccountableInquiry.LockOpenAsync(db, request.Id, request.Actor,
            whenAnswered: "The inquiry has been answered; there is nothing to transfer.", whenTransferPending: "A transfer of this inquiry already waits for acknowledgement.", cancellationToken);
        if (locked.Error is { } refused)
        {
            return refused;
        }

        var inquiry = locked.Value;

        // Rule 1: a handover, not a hand-off. The first contact stays accountable until the receiver acknowledges.
        inquiry.State = InquiryState.TransferPending;
        db.Transfers.Add(new InquiryTransfer
        {
            Id = Guid.CreateVersion7(now),
            RegionCode = inquiry.RegionCode,
            InquiryId = inquiry.Id,
            FromId = request.Actor.Id,
            FromName = request.Actor.Name,
            ToKind = target,
            ToCode = body.To!.Trim(),
            Reason = body.Reason!.Trim(),
            RequestedAt = now,
            AcknowledgeDueAt = due,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await InquiryRules.ViewAsync(db, inquiry, cancellationToken);
    }
}

internal sealed class AcknowledgeTransferHandler(InquiriesDbContext db, TimeProvider clock) : IRequestHandler<AcknowledgeTransfer, Result<InquiryView>>
{
    public async Task<Result<InquiryView>> Handle(AcknowledgeTransfer request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await InquiryRules.LockAsync(db, request.Id, cancellationToken) is not { } inquiry)
        {
            return InquiryRules.NotFound(request.Id);
        }

        var transfer = await db.Transfers.SingleOrDefaultAsync(t => t.Id == request.TransferId && t.InquiryId == request.Id, cancellationToken);
        if (transfer is null)
        {
            return Error.NotFound("inquiry.transfer-not-found", $"The inquiry {request.Id} has no transfer {request.TransferId}.");
        }

        switch (transfer.Acknowledge(request.Actor, clock.GetUtcNow()))
        {
            case HandoverAcknowledgement.NotTheReceiver:
                return Error.Forbidden("inquiry.not-receiver", $"Only the receiver of the transfer ({transfer.ToKind.ToString().ToLowerInvariant()} {transfer.ToCode}) may acknowledge it.");
            case HandoverAcknowledgement.AlreadyAcknowledgedByActor:
                return await InquiryRules.ViewAsync(db, inquiry, cancellationToken);
            case HandoverAcknowledgement.AlreadyAcknowledged:
                return Error.Conflict("inquiry.transfer-acknowledged", $"The transfer has already been acknowledged by {transfer.AcknowledgedByName}.");
        }

        // Accountability moves now, and only now, to the person who acknowledged (rule 1).
        inquiry.AccountableId = request.Actor.Id;
        inquiry.AccountableName = request.Actor.Name;
        inquiry.State = InquiryState.Open;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await InquiryRules.ViewAsync(db, inquiry, cancellationToken);
    }
}

internal sealed class ListTransfersWaitingForHandler(InquiriesDbContext db) : IRequestHandler<ListTransfersWaitingFor, IReadOnlyList<TransferView>>
{
    public async Task<IReadOnlyList<TransferView>> Handle(ListTransfersWaitingFor request, CancellationToken cancellationToken)
    {
        var actor = request.Actor;
        var transfers = await db.Transfers.AsNoTracking()
            .Where(t => t.RegionCode == IntakeModule.DefaultRegion && t.AcknowledgedAt == null)
            .Where(t => (t.ToKind == TransferTarget.Person && t.ToCode == actor.Id)
                || (t.ToKind == TransferTarget.Window && t.ToCode == actor.WindowCode)
                || (t.ToKind == TransferTarget.Department && t.ToCode == actor.DepartmentCode))
            .OrderBy(t => t.AcknowledgeDueAt).ThenBy(t => t.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        return [.. transfers.Select(InquiryRules.View)];
    }
}

internal static class InquiryEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        var inquiries = group.MapGroup("/inquiries").WithTags("Inquiries");
        inquiries.MapPost("/", async (RecordInquiryBody body, HttpContext context, ISender sender, CancellationToken ct) =>
            {
                var recorded = await sender.Send(new RecordInquiry(context.Actor()!, body), ct);
                return recorded.IsSuccess
                    ? Results.Created($"/api/intake/inquiries/{recorded.Value.Id}", recorded.Value)
                    : recorded.Error!.ToProblem();
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("RecordInquiry")
            .WithSummary("Records an inquiry; whoever records it is its first contact and accountable for it (首问负责制).")
            .Produces<InquiryView>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        inquiries.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => (await sender.Send(new ReadInquiry(id), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("ReadInquiry")
            .WithSummary("An inquiry, its one accountable person and the whole chain of transfers.")
            .Produces<InquiryView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        inquiries.MapPost("/{id:guid}/answer", async (Guid id, AnswerInquiryBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AnswerInquiry(id, context.Actor()!, body), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("AnswerInquiry")
            .WithSummary("The accountable person answers the inquiry.")
            .Produces<InquiryView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        inquiries.MapPost("/{id:guid}/transfers", async (Guid id, TransferInquiryBody body, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new TransferInquiry(id, context.Actor()!, body), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("TransferInquiry")
            .WithSummary("The accountable person transfers the inquiry to a window, department or person, with a reason; they stay accountable until it is acknowledged.")
            .Produces<InquiryView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        inquiries.MapPost("/{id:guid}/transfers/{transferId:guid}/acknowledge", async (Guid id, Guid transferId, HttpContext context, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AcknowledgeTransfer(id, transferId, context.Actor()!), ct)).ToHttp())
            .RequireAuthorization(Policies.Staff)
            .WithName("AcknowledgeInquiryTransfer")
            .WithSummary("The receiver takes the inquiry over and becomes accountable for it.")
            .Produces<InquiryView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        inquiries.MapGet("/transfers/waiting", async (HttpContext context, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new ListTransfersWaitingFor(context.Actor()!), ct)))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListInquiryTransfersWaitingForMe")
            .WithSummary("Transfers waiting for the signed-in person's acknowledgement (to them, their window or their department), earliest due first.")
            .Produces<IReadOnlyList<TransferView>>();
    }
}
