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

    /// <summary>The kind of power the item exercises (事项类型), e.g. 行政许可, 行政确认, 公共服务.</summary>
    public string ItemType { get; init; } = string.Empty;

    /// <summary>The level of government the item is carried out at (行使层级).</summary>
    public ServiceLevel Level { get; init; }

    /// <summary>The body that carries the item out in its own name (实施主体).</summary>
    public string ImplementingBody { get; init; } = string.Empty;

    /// <summary>Whether the item costs the applicant a fee (是否收费).</summary>
    public bool FeeCharged { get; init; }

    /// <summary>The fee standard and its basis (收费标准及依据); empty when free.</summary>
    public string FeeStandard { get; init; } = string.Empty;

    /// <summary>How many times the applicant must come in person at most (到办事现场次数).</summary>
    public int OnSiteVisits { get; init; }

    /// <summary>When the window is open for this item (办公时间).</summary>
    public string OfficeHours { get; init; } = string.Empty;

    /// <summary>Where the item is handled (办理地点).</summary>
    public string Location { get; init; } = string.Empty;

    /// <summary>The inquiry phone (咨询电话).</summary>
    public string InquiryPhone { get; init; } = string.Empty;

    /// <summary>The complaint phone (监督投诉电话).</summary>
    public string ComplaintPhone { get; init; } = string.Empty;

    /// <summary>Frequently asked questions (常见问题), in the order the guide shows them.</summary>
    public IReadOnlyList<FaqEntry> Faq { get; init; } = [];

    /// <summary>
    /// The key of the deployed process the item's accepted cases run on (see <see cref="CaseWorkflows"/>); empty means the
    /// default for the case type.
    /// </summary>
    public string Workflow { get; init; } = string.Empty;
}

/// <summary>
/// Which process an accepted case runs on. An item names it in <see cref="ServiceItemDto.Workflow"/>; an item that names
/// none gets the default for its case type: joint items (联办件) and items with co-departments are approved in parallel
/// (rule 4), immediate items (即办件) are done on the spot at the window, every other item is approved by its lead
/// department alone. Approval starts the process with the variables named here, so a process fits an item only when it
/// reviews in <see cref="LeadDepartmentVariable"/> and, for several departments, runs over <see cref="CoDepartmentsVariable"/>.
/// </summary>
public static class CaseWorkflows
{
    /// <summary>Parallel approval: the lead distributes, the co-departments review at the same time, the lead decides.</summary>
    public const string Parallel = "approval-parallel";

    /// <summary>Approval by the lead department alone.</summary>
    public const string SingleDepartment = "approval-single";

    /// <summary>Done on the spot at the window: no department approval is started.</summary>
    public const string Immediate = "immediate";

    /// <summary>The reception process every application runs before it is accepted; never an item's process.</summary>
    public const string Intake = "intake";

    /// <summary>The process variable holding the lead department's code.</summary>
    public const string LeadDepartmentVariable = "leadDepartment";

    /// <summary>The process variable holding the co-departments' codes (the lead's own code when there are none).</summary>
    public const string CoDepartmentsVariable = "coDepartments";

    /// <summary>The process the item's cases run on: the one it names, or the default for its case type.</summary>
    public static string For(ServiceItemDto item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return string.IsNullOrEmpty(item.Workflow) ? Default(item.CaseType, item.CoDepartments) : item.Workflow;
    }

    /// <summary>The default process of a case type: what an item with an empty workflow runs on.</summary>
    public static string Default(CaseType caseType, IReadOnlyCollection<string> coDepartments)
    {
        ArgumentNullException.ThrowIfNull(coDepartments);
        return caseType switch
        {
            CaseType.Immediate => Immediate,
            CaseType.Joint => Parallel,
            _ => coDepartments.Count > 0 ? Parallel : SingleDepartment,
        };
    }
}

/// <summary>The level of government a service item is carried out at (行使层级).</summary>
public enum ServiceLevel
{
    /// <summary>县级 (the demo center's own level, and the level of items recorded before levels existed).</summary>
    County,

    /// <summary>市级.</summary>
    City,

    /// <summary>省级.</summary>
    Province,

    /// <summary>乡镇级.</summary>
    Township,
}

/// <summary>One question of a service guide's FAQ with its answer.</summary>
public sealed record FaqEntry(string Question, string Answer);

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
