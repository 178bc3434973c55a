using System.Text.Json.Serialization;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Intake.Contracts;

public sealed record ApplicantInput(ApplicantKind? Kind, string Name, string? IdNumber, string? CreditCode, string Phone);

public sealed record MaterialInput(string Code, int? Copies, MaterialForm? Form);

public sealed record RegisterCase(string ServiceItemCode, ApplicantInput Applicant, IReadOnlyList<MaterialInput> Materials) : IRequest<Result<CaseView>>
{
    [JsonIgnore]
    public Actor? Actor { get; init; }
}
