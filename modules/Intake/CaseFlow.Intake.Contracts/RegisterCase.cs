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

    /// <summary>
    /// The client's key for this registration (the <c>Idempotency-Key</c> header; the desk form's hidden field): a repeat
    /// with the same key and the same request from the same center gets the first case; with another request, a 409.
    /// </summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}
