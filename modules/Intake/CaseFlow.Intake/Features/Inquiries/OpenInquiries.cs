using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Inquiries;

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
