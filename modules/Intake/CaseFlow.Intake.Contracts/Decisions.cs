using System.Text.Json.Serialization;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Intake.Contracts;

/// <summary>The clerk accepts a complete application (受理).</summary>
public sealed record AcceptApplication(string Reference, Actor Actor) : IRequest<Result<CaseView>>;

public sealed record DefectInput(string Code, string Problem);

/// <summary>The clerk issues the single deficiency notice: every missing material is listed, plus the defects the clerk found.</summary>
public sealed record IssueNotice(IReadOnlyList<DefectInput>? Defects) : IRequest<Result<CaseView>>
{
    [JsonIgnore]
    public string Reference { get; init; } = string.Empty;

    [JsonIgnore]
    public Actor? Actor { get; init; }
}

/// <summary>The clerk refuses the application (不予受理), always with reasons and a legal basis.</summary>
public sealed record RefuseApplication(string Reasons, string LegalBasis, IReadOnlyList<string>? Materials) : IRequest<Result<CaseView>>
{
    [JsonIgnore]
    public string Reference { get; init; } = string.Empty;

    [JsonIgnore]
    public Actor? Actor { get; init; }
}

/// <summary>The applicant brings the supplement the notice asked for; the window records what it now holds.</summary>
public sealed record ReceiveSupplement(IReadOnlyList<MaterialInput> Materials) : IRequest<Result<CaseView>>
{
    [JsonIgnore]
    public string Reference { get; init; } = string.Empty;

    [JsonIgnore]
    public Actor? Actor { get; init; }
}
