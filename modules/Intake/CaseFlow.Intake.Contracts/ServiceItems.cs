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
    int Version);

/// <summary>Reads one service item by its implementation code; null when there is none.</summary>
public sealed record GetServiceItem(string Code) : IRequest<ServiceItemDto?>;
