using System.Security.Cryptography;
using System.Text;
using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

/// <summary>The progress lookup's proof of identity, for other modules' public forms (ratings): case number plus ID ending, compared in constant time.</summary>
internal sealed class VerifyCaseApplicantHandler(IntakeDbContext db) : IRequestHandler<VerifyCaseApplicant, VerifiedCase?>
{
    public async Task<VerifiedCase?> Handle(VerifyCaseApplicant request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.CaseNumber) || request.IdLast4 is not { Length: 4 } || !Ascii.IsValid(request.IdLast4))
        {
            return null;
        }

        var intakeCase = await db.Cases.AsNoTracking()
            .Where(c => c.RegionCode == IntakeModule.DefaultRegion && c.CaseNumber == request.CaseNumber)
            .SingleOrDefaultAsync(cancellationToken);
        var given = Encoding.ASCII.GetBytes(request.IdLast4.ToUpperInvariant());
        return intakeCase is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(intakeCase.ApplicantKey[^4..].ToUpperInvariant()), given)
            ? new VerifiedCase(intakeCase.CaseNumber!, intakeCase.ServiceItemCode, intakeCase.CenterCode)
            : null;
    }
}
