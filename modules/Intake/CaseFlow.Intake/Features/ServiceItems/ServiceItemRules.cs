using System.Text.Json;
using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Workflow;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.ServiceItems;

/// <summary>
/// What every catalogue entry must satisfy, whether it is created, edited or imported. The workflow is checked against
/// the processes deployed now (asked of the workflow runtime through the mediator, each key once per validator).
/// </summary>
internal sealed class ServiceItemFieldsValidator : AbstractValidator<ServiceItemDto>
{
    private readonly ISender _sender;
    private readonly Dictionary<string, ProcessDefinitionOutline?> _processes = new(StringComparer.Ordinal);

    public ServiceItemFieldsValidator(ISender sender)
    {
        _sender = sender;
        RuleFor(c => c.Code).NotEmpty().MaximumLength(64).Matches("^[0-9A-Za-z-]+$")
            .WithMessage("The implementation code may contain only letters, digits and hyphens.");

        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.CaseType).IsInEnum();
        RuleFor(c => c.LeadDepartment).NotEmpty().MaximumLength(64);
        RuleFor(c => c.CoDepartments).Must(list => list.Count <= 30).WithMessage("At most 30 co-departments.");
        RuleForEach(c => c.CoDepartments).NotEmpty().MaximumLength(64);
        RuleFor(c => c.CommittedLimitDays).GreaterThanOrEqualTo(0);

        // Rule 3 (限时办结): the committed limit may not exceed the statutory limit.
        RuleFor(c => c.CommittedLimitDays).LessThanOrEqualTo(c => c.StatutoryLimitDays)
            .WithMessage("The committed limit (承诺时限) may not be longer than the statutory limit (法定时限).");
        RuleFor(c => c.StatutoryLimitDays).GreaterThanOrEqualTo(0).LessThanOrEqualTo(3650);
        RuleFor(c => c.Materials).SetValidator(new MaterialListValidator());
        RuleFor(c => c.Conditions).MaximumLength(4000);
        RuleFor(c => c.LegalBasis).MaximumLength(4000);
        RuleFor(c => c.ItemType).MaximumLength(50);
        RuleFor(c => c.Level).IsInEnum();
        RuleFor(c => c.ImplementingBody).MaximumLength(200);

        // 政务公开: a charged item publishes its fee standard.
        RuleFor(c => c.FeeStandard).NotEmpty().When(c => c.FeeCharged)
            .WithMessage("A charged item needs its fee standard (收费标准).").MaximumLength(2000);
        RuleFor(c => c.OnSiteVisits).InclusiveBetween(0, 10);
        RuleFor(c => c.OfficeHours).MaximumLength(500);
        RuleFor(c => c.Location).MaximumLength(500);
        RuleFor(c => c.InquiryPhone).MaximumLength(50).Matches("^[0-9 ()+-]*$").WithMessage("A phone may contain only digits, spaces, brackets, + and -.");
        RuleFor(c => c.ComplaintPhone).MaximumLength(50).Matches("^[0-9 ()+-]*$").WithMessage("A phone may contain only digits, spaces, brackets, + and -.");
        RuleFor(c => c.Faq).Must(list => list.Count <= 50).WithMessage("At most 50 questions.");
        RuleForEach(c => c.Faq).NotNull().ChildRules(f =>
        {
            f.RuleFor(x => x.Question).NotEmpty().MaximumLength(500);
            f.RuleFor(x => x.Answer).NotEmpty().MaximumLength(4000);
        });
        RuleFor(c => c.Workflow).MaximumLength(64).Matches("^[a-z0-9-]*$").WithMessage("A workflow key is lower-case letters, digits and hyphens.")
            .DependentRules(() => RuleFor(c => c).CustomAsync(CheckWorkflowAsync).When(c => c.Workflow.Length > 0));
    }

    private async Task CheckWorkflowAsync(ServiceItemDto item, ValidationContext<ServiceItemDto> context, CancellationToken cancellationToken)
    {
        if (!_processes.TryGetValue(item.Workflow, out var process))
        {
            process = await _sender.Send(new GetProcessDefinition(item.Workflow), cancellationToken);
            _processes[item.Workflow] = process;
        }

        if (WorkflowFit.Problem(item, process) is { } problem)
        {
            context.AddFailure(nameof(ServiceItemDto.Workflow), problem);
        }
    }
}

/// <summary>
/// Whether a deployed process can carry an item's cases, judged by what Approval gives it (<see cref="CaseWorkflows"/>):
/// the lead department in <c>leadDepartment</c>, the co-departments in <c>coDepartments</c>.
/// </summary>
internal static class WorkflowFit
{
    /// <summary>Why the item's cases cannot run on <paramref name="process"/> (null: the key is not deployed), or null when they can.</summary>
    public static string? Problem(ServiceItemDto item, ProcessDefinitionOutline? process)
    {
        var key = item.Workflow;
        if (process is null)
        {
            return $"No process with the key {key} is deployed. Deploy it first, or leave the workflow empty for the default of the case type ({CaseWorkflows.Default(item.CaseType, item.CoDepartments)}).";
        }

        if (key == CaseWorkflows.Intake)
        {
            return $"{key} is the reception process every application runs before it is accepted, not the process of an item's cases.";
        }

        if (item.CaseType == CaseType.Immediate)
        {
            // 即办件 are done on the spot at the window (rule 3): Approval starts no department review for them.
            return process.CandidateDepartments.Count == 0
                ? null
                : $"An immediate item (即办件) is done on the spot at the window, but {key} sends it to departments. Use {CaseWorkflows.Immediate} or leave the workflow empty.";
        }

        if (!process.CandidateDepartments.Contains(CaseWorkflows.LeadDepartmentVariable, StringComparer.Ordinal))
        {
            return $"{key} has no review by the lead department (no user task for {CaseWorkflows.LeadDepartmentVariable}), so the item's cases could not be approved on it.";
        }

        // Rule 4 (并联审批): several departments review at the same time, so the process must fork over the co-departments.
        var severalDepartments = item.CaseType == CaseType.Joint || item.CoDepartments.Count > 0;
        if (severalDepartments && !process.MultiInstanceCollections.Contains(CaseWorkflows.CoDepartmentsVariable, StringComparer.Ordinal))
        {
            return $"{key} is approved by the lead department alone, but a joint item (联办件) or an item with co-departments needs a process in which the co-departments review in parallel (over {CaseWorkflows.CoDepartmentsVariable}), such as {CaseWorkflows.Parallel}.";
        }

        return null;
    }
}

/// <summary>A materials list: codes unique in the item, and every material with the legal basis a notice will cite (rule 2).</summary>
internal sealed class MaterialListValidator : AbstractValidator<IReadOnlyList<MaterialRequirement>>
{
    public MaterialListValidator()
    {
        RuleFor(list => list).Must(list => list.Count <= 100).WithMessage("At most 100 materials.")
            .Must(list => list.Where(m => m is not null).Select(m => m.Code).Distinct().Count() == list.Count(m => m is not null))
            .WithMessage("Each material code may appear once.")
            .OverridePropertyName("materials");
        RuleForEach(list => list).NotNull().OverridePropertyName("materials").ChildRules(m =>
        {
            m.RuleFor(x => x.Code).NotEmpty().MaximumLength(32).Matches("^[0-9A-Za-z-]+$").WithMessage("A material code may contain only letters, digits and hyphens.");
            m.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            m.RuleFor(x => x.Form).IsInEnum();
            m.RuleFor(x => x.Copies).InclusiveBetween(1, 100);
            m.RuleFor(x => x.LegalBasis).NotEmpty().WithMessage("Each material needs the legal basis a deficiency notice will cite.").MaximumLength(1000);
        });
    }
}

internal static class ServiceItemStore
{
    /// <summary>The item's row, locked: concurrent edits and imports take turns, so each gets its own version number.</summary>
    public static Task<ServiceItem?> LockAsync(IntakeDbContext db, string code, CancellationToken cancellationToken) =>
        db.ServiceItems
            .FromSql($"SELECT * FROM intake.service_items WHERE region_code = {IntakeModule.DefaultRegion} AND code = {code} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Adds <paramref name="fields"/> as a new item, its version 1, and keeps that version's snapshot; inside the caller's
    /// transaction. A code another transaction added first is a unique violation (DbUpdateException).
    /// </summary>
    public static async Task<ServiceItem> AddAsync(IntakeDbContext db, ServiceItemDto fields, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var item = new ServiceItem { RegionCode = IntakeModule.DefaultRegion, Code = fields.Code, Name = fields.Name, LeadDepartment = fields.LeadDepartment, CreatedAt = at };
        item.Apply(fields);
        db.ServiceItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        db.ServiceItemVersions.Add(new ServiceItemVersion { ServiceItemId = item.Id, Version = item.Version, Snapshot = item.ToDto(), CreatedAt = at });
        return item;
    }

    /// <summary>Applies <paramref name="fields"/> as the item's next version and keeps that version's snapshot (STYLE 15).</summary>
    public static void NewVersion(IntakeDbContext db, ServiceItem item, ServiceItemDto fields, DateTimeOffset at)
    {
        item.Apply(fields);
        item.Version++;
        db.ServiceItemVersions.Add(new ServiceItemVersion { ServiceItemId = item.Id, Version = item.Version, Snapshot = item.ToDto(), CreatedAt = at });
    }
}

internal static class ServiceItemRules
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Missing lists and texts become empty ones, so a body that leaves a field out means "none".</summary>
    public static ServiceItemDto Normalize(ServiceItemDto item) => item with
    {
        Code = item.Code ?? string.Empty,
        Name = item.Name ?? string.Empty,
        LeadDepartment = item.LeadDepartment ?? string.Empty,
        CoDepartments = item.CoDepartments ?? [],
        Materials = item.Materials ?? [],
        Conditions = item.Conditions ?? string.Empty,
        LegalBasis = item.LegalBasis ?? string.Empty,
        ItemType = item.ItemType ?? string.Empty,
        ImplementingBody = item.ImplementingBody ?? string.Empty,
        FeeStandard = item.FeeStandard ?? string.Empty,
        OfficeHours = item.OfficeHours ?? string.Empty,
        Location = item.Location ?? string.Empty,
        InquiryPhone = item.InquiryPhone ?? string.Empty,
        ComplaintPhone = item.ComplaintPhone ?? string.Empty,
        Faq = item.Faq ?? [],
        Workflow = item.Workflow ?? string.Empty,
    };

    /// <summary>Whether two entries say the same thing (the version number aside): an import that changes nothing makes no version.</summary>
    public static bool SameContent(ServiceItemDto a, ServiceItemDto b) =>
        JsonSerializer.Serialize(a with { Version = 0 }, Json) == JsonSerializer.Serialize(b with { Version = 0 }, Json);
}
