using CaseFlow.Kernel.Messaging;

namespace CaseFlow.Intake.Contracts;

/// <summary>How a service item's cases are handled (办件类型).</summary>
public enum CaseType
{
    /// <summary>即办件: done on the spot.</summary>
    Immediate,

    /// <summary>承诺件: done within the committed limit.</summary>
    Promised,

    /// <summary>联办件: handled jointly by several departments.</summary>
    Joint,

    /// <summary>上报件: reported to a higher authority for decision.</summary>
    Reported,
}

/// <summary>A service item of the catalogue (实施清单) as other modules and the public see it.</summary>
public sealed record ServiceItemDto(
    string Code,
    string Name,
    CaseType CaseType,
    string LeadDepartment,
    IReadOnlyList<string> CoDepartments,
    int CommittedLimitDays,
    int StatutoryLimitDays,
    bool Published,
    int Version)
{
    /// <summary>The materials an application needs (申请材料), in the order the guide lists them.</summary>
    public IReadOnlyList<MaterialRequirement> Materials { get; init; } = [];

    /// <summary>The conditions an applicant must meet (受理条件).</summary>
    public string Conditions { get; init; } = string.Empty;

    /// <summary>The legal basis of the item (设定依据).</summary>
    public string LegalBasis { get; init; } = string.Empty;
}

/// <summary>The form a material must be handed in as.</summary>
public enum MaterialForm
{
    /// <summary>原件.</summary>
    Original,

    /// <summary>复印件.</summary>
    Copy,

    /// <summary>电子件.</summary>
    Electronic,
}

/// <summary>One material of a service item's list: a code unique in the item, what it is, and why it is required.</summary>
public sealed record MaterialRequirement(string Code, string Name, MaterialForm Form, int Copies, bool Required, string LegalBasis);

/// <summary>Reads one service item by its implementation code; null when there is none.</summary>
public sealed record GetServiceItem(string Code) : IRequest<ServiceItemDto?>;
