using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Modules;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.ServiceItems;

/// <summary>A few published items of the demo center's catalogue, one of each case type.</summary>
internal sealed class DemoServiceItems(IntakeDbContext db, TimeProvider clock) : IModuleSeeder
{
    public int Order => 20;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        ServiceItem[] items =
        [
            Item("11000000MB0000001-GT-01", "个体工商户设立登记", CaseType.Immediate, "market-regulation", [], 0, 15),
            Item("11000000MB0000001-SP-02", "食品经营许可", CaseType.Promised, "market-regulation", [], 5, 20),
            Item("11000000MB0000002-JZ-03", "建筑工程施工许可", CaseType.Joint, "housing-construction", ["natural-resources", "fire-rescue", "ecology-environment"], 7, 15),
            Item("11000000MB0000003-WS-04", "公共场所卫生许可", CaseType.Promised, "health", [], 5, 20),
        ];
        var existing = await db.ServiceItems.Where(i => i.RegionCode == IntakeModule.DefaultRegion).Select(i => i.Code).ToListAsync(cancellationToken);
        db.ServiceItems.AddRange(items.Where(i => !existing.Contains(i.Code)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private ServiceItem Item(string code, string name, CaseType type, string lead, string[] co, int committed, int statutory) => new()
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
        CreatedAt = clock.GetUtcNow(),
    };
}
