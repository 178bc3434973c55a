using CaseFlow.Intake.Contracts;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Intake.Features.Inquiries;

/// <summary>The guard of what only the accountable person does with an open inquiry: answer it or hand it over.</summary>
internal static class AccountableInquiry
{
    /// <summary>
    /// The inquiry, locked for the rest of the transaction, if <paramref name="actor"/> may act on it now: it exists (404),
    /// they are accountable for it (rule 1: 403), and it is open (409, saying <paramref name="whenAnswered"/> or
    /// <paramref name="whenTransferPending"/>).
    /// </summary>
    public static async Task<Result<Inquiry>> LockOpenAsync(
        InquiriesDbContext db, Guid id, Actor actor, string whenAnswered, string whenTransferPending, CancellationToken cancellationToken)
    {
        if (await InquiryRules.LockAsync(db, id, cancellationToken) is not { } inquiry)
        {
            return InquiryRules.NotFound(id);
        }

        if (InquiryRules.MustBeAccountable(inquiry, actor) is { } denied)
        {
            return denied;
        }

        if (inquiry.State != InquiryState.Open)
        {
            return Error.Conflict("inquiry.not-open", inquiry.State == InquiryState.Answered ? whenAnswered : whenTransferPending);
        }

        return inquiry;
    }
}
