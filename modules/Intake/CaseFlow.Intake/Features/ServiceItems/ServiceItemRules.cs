using System.Text.Json;
using CaseFlow.Intake.Contracts;
using FluentValidation;

namespace CaseFlow.Intake.Features.ServiceItems;

/// <summary>What every catalogue entry must satisfy, whether it is created, edited or imported.</summary>
internal sealed class ServiceItemFieldsValidator : AbstractValidator<ServiceItemDto>
{
    public ServiceItemFieldsValidator()
    {
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
        RuleFor(c => c.Workflow).MaximumLength(64).Matches("^[a-z0-9-]*$").WithMessage("A workflow key is lower-case letters, digits and hyphens.");
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
