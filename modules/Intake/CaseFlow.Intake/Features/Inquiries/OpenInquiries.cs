using CaseFlow.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Inquiries;

/// <summary>An inquiry in a staff member's list of open matters.</summary>
internal sealed record OpenInquiryView(Guid Id, string Subject, string? ApplicantName, InquiryState State, DateTimeOffset RecordedAt);

/// <summary>Rule 1 (首问负责): the inquiries a staff member is accountable for and has not answered yet, oldest first.</summary>
internal sealed record ListOpenInquiriesOf(string AccountableId, int Limit) : IRequest<IReadOnlyList<OpenInquiryView>>;

internal sealed class ListOpenInquiriesOfHandler(InquiriesDbContext db) : IRequestHandler<ListOpenInquiriesOf, IReadOnlyList<OpenInquiryView>>
{
    public async Task<IReadOnlyList<OpenInquiryView>> Handle(ListOpenInquiriesOf request, CancellationToken cancellationToken) =>
        await db.Inquiries.AsNoTracking()
            .Where(i => i.RegionCode == IntakeModule.DefaultRegion && i.AccountableId == request.AccountableId && i.State != InquiryState.Answered)
            .OrderBy(i => i.RecordedAt).ThenBy(i => i.Id)
            .Take(Math.Clamp(request.Limit, 1, 200))
            .Select(i => new OpenInquiryView(i.Id, i.Subject, i.ApplicantName, i.State, i.RecordedAt))
            .ToListAsync(cancellationToken);
}
