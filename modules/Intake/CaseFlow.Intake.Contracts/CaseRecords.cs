namespace CaseFlow.Intake.Contracts;

/// <summary>Where a case stands at intake; it mirrors what the intake process decided (workflows/intake.bpmn).</summary>
public enum CaseState
{
    /// <summary>收件: recorded, materials not yet decided on.</summary>
    Received,

    /// <summary>The single deficiency notice was issued; waiting for the supplement.</summary>
    NoticeIssued,

    /// <summary>The supplement came in; waiting for the recheck.</summary>
    Supplemented,

    /// <summary>受理 (by a clerk, or deemed by art. 32).</summary>
    Accepted,

    /// <summary>不予受理.</summary>
    Refused,
}

public enum ApplicantKind
{
    Person,
    Organization,
}

public enum NoticeStage
{
    Intake,
    Review,
}

/// <summary>A material the window holds for a case.</summary>
public sealed record CaseMaterial(string Code, int Copies, MaterialForm Form, DateTimeOffset ReceivedAt);

/// <summary>Why a case was refused; Materials are the notice-listed materials the refusal rests on, if any.</summary>
public sealed record RefusalRecord(string Reasons, string LegalBasis, IReadOnlyList<string> Materials, string? RefusedBy, long? OverrideId);

/// <summary>One line of a deficiency notice: a material, what is wrong with it, and the legal basis for asking.</summary>
public sealed record NoticeItem(string Code, string Name, string Problem, string LegalBasis);
