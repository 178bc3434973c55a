using CaseFlow.Kernel.Modules;
using CaseFlow.Routing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Routing.Features.Departments;

/// <summary>The departments stationed at the demo center.</summary>
internal sealed class DemoDepartments(RoutingDbContext db, TimeProvider clock) : IModuleSeeder
{
    private static readonly (string Code, string Name)[] Departments =
    [
        ("market-regulation", "市场监督管理局"),
        ("housing-construction", "住房和城乡建设局"),
        ("natural-resources", "自然资源局"),
        ("fire-rescue", "消防救援大队"),
        ("ecology-environment", "生态环境局"),
        ("health", "卫生健康委员会"),
    ];

    public int Order => 10;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Departments.Where(d => d.RegionCode == RoutingModule.DefaultRegion).Select(d => d.Code).ToListAsync(cancellationToken);
        foreach (var (code, name) in Departments.Where(d => !existing.Contains(d.Code)))
        {
            db.Departments.Add(new Department { RegionCode = RoutingModule.DefaultRegion, Code = code, Name = name, CreatedAt = clock.GetUtcNow() });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
