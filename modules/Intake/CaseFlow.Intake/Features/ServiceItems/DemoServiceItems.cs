using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Modules;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.ServiceItems;

/// <summary>A few published items of the demo center's catalogue, one of each case type, with their materials lists.</summary>
internal sealed class DemoServiceItems(IntakeDbContext db, TimeProvider clock) : IModuleSeeder
{
    public int Order => 20;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        const string Registration = "《市场主体登记管理条例》第十六条";
        const string Food = "《食品经营许可和备案管理办法》第十三条";
        const string Construction = "《建筑工程施工许可管理办法》第四条";
        const string Health = "《公共场所卫生管理条例实施细则》第二十三条";
        ServiceItem[] items =
        [
            Item("11000000MB0000001-GT-01", "个体工商户设立登记", CaseType.Immediate, "market-regulation", [], 0, 15,
                "具有经营能力的公民；经营范围不属于禁止经营的行业。", "《促进个体工商户发展条例》；" + Registration,
                [
                    M("M01", "个体工商户登记申请书", MaterialForm.Original, 1, true, Registration),
                    M("M02", "经营者身份证明", MaterialForm.Copy, 1, true, Registration),
                    M("M03", "经营场所使用证明", MaterialForm.Copy, 1, true, Registration),
                    M("M04", "委托代理人身份证明及授权委托书", MaterialForm.Original, 1, false, Registration),
                ]),
            Item("11000000MB0000001-SP-02", "食品经营许可", CaseType.Promised, "market-regulation", [], 5, 20,
                "具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和管理制度。", "《中华人民共和国食品安全法》第三十五条；" + Food,
                [
                    M("M01", "食品经营许可申请书", MaterialForm.Original, 1, true, Food),
                    M("M02", "营业执照", MaterialForm.Copy, 1, true, Food),
                    M("M03", "主要设备设施布局、操作流程文件", MaterialForm.Original, 1, true, Food),
                    M("M04", "食品安全管理制度", MaterialForm.Original, 1, true, Food),
                    M("M05", "法定代表人（负责人）身份证明", MaterialForm.Copy, 1, true, Food),
                ]),
            Item("11000000MB0000002-JZ-03", "建筑工程施工许可", CaseType.Joint, "housing-construction", ["natural-resources", "fire-rescue", "ecology-environment"], 7, 15,
                "已办理用地和规划许可；施工图审查合格；已确定施工企业；建设资金已经落实。", "《中华人民共和国建筑法》第八条；" + Construction,
                [
                    M("M01", "建筑工程施工许可申请表", MaterialForm.Original, 2, true, Construction),
                    M("M02", "建设工程规划许可证", MaterialForm.Copy, 1, true, Construction),
                    M("M03", "施工图设计文件审查合格书", MaterialForm.Copy, 1, true, Construction),
                    M("M04", "中标通知书及施工合同", MaterialForm.Copy, 1, true, Construction),
                    M("M05", "建设资金落实证明", MaterialForm.Original, 1, true, Construction),
                ]),
            Item("11000000MB0000003-WS-04", "公共场所卫生许可", CaseType.Promised, "health", [], 5, 20,
                "公共场所经营场所、设施符合卫生标准和要求。", "《公共场所卫生管理条例》第八条；" + Health,
                [
                    M("M01", "卫生许可证申请表", MaterialForm.Original, 1, true, Health),
                    M("M02", "营业执照", MaterialForm.Copy, 1, true, Health),
                    M("M03", "公共场所卫生检测或者评价报告", MaterialForm.Original, 1, true, Health),
                    M("M04", "卫生管理制度", MaterialForm.Original, 1, true, Health),
                ]),
        ];
        var existing = await db.ServiceItems.Where(i => i.RegionCode == IntakeModule.DefaultRegion).ToListAsync(cancellationToken);
        foreach (var old in existing.Where(e => e.Version == 1 && e.Materials.Count == 0))
        {
            // Items seeded before materials existed get their list (a backfill of the same first version, not an edit).
            if (items.FirstOrDefault(i => i.Code == old.Code) is { } seeded)
            {
                old.Materials = seeded.Materials;
                old.Conditions = seeded.Conditions;
                old.LegalBasis = seeded.LegalBasis;
            }
        }

        var added = items.Where(i => existing.All(e => e.Code != i.Code)).ToList();
        db.ServiceItems.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        var versioned = await db.ServiceItemVersions.Select(v => v.ServiceItemId).ToListAsync(cancellationToken);
        foreach (var item in existing.Concat(added).Where(i => !versioned.Contains(i.Id)))
        {
            db.ServiceItemVersions.Add(new ServiceItemVersion { ServiceItemId = item.Id, Version = item.Version, Snapshot = item.ToDto(), CreatedAt = clock.GetUtcNow() });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static MaterialRequirement M(string code, string name, MaterialForm form, int copies, bool required, string legalBasis) =>
        new(code, name, form, copies, required, legalBasis);

    private ServiceItem Item(
        string code, string name, CaseType type, string lead, string[] co, int committed, int statutory, string conditions, string legalBasis, MaterialRequirement[] materials) => new()
        {
            RegionCode = IntakeModule.DefaultRegion,
            Code = code,
            Name = name,
            CaseType = type,
            LeadDepartment = lead,
            CoDepartments = [.. co],
            CommittedLimitDays = committed,
            StatutoryLimitDays = statutory,
            Published = true,
            Materials = [.. materials],
            Conditions = conditions,
            LegalBasis = legalBasis,
            CreatedAt = clock.GetUtcNow(),
        };
}
