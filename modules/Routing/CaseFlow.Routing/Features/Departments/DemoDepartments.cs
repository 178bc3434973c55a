using CaseFlow.Kernel.Modules;
using CaseFlow.Routing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Routing.Features.Departments;

/// <summary>The departments stationed at the demo center and its windows (a county center of the kind the documents describe).</summary>
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
        ("public-security", "公安局"),
        ("human-resources", "人力资源和社会保障局"),
        ("transport", "交通运输局"),
        ("civil-affairs", "民政局"),
        ("culture-tourism", "文化广电旅游局"),
        ("agriculture", "农业农村局"),
        ("water-resources", "水利局"),
        ("real-estate", "不动产登记中心"),
    ];

    private static readonly (string Code, string Name, string? Department)[] Windows =
    [
        ("W01", "综合受理窗口 1", null),
        ("W02", "综合受理窗口 2", null),
        ("W03", "市场准入窗口", "market-regulation"),
        ("W04", "工程建设项目窗口", "housing-construction"),
        ("W05", "不动产登记窗口", "real-estate"),
        ("W06", "社会保障窗口", "human-resources"),
        ("W07", "公安户政窗口", "public-security"),
        ("W08", "交通运输窗口", "transport"),
        ("W09", "民政事务窗口", "civil-affairs"),
        ("W10", "出件窗口", null),
    ];

    public int Order => 10;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Departments.Where(d => d.RegionCode == RoutingModule.DefaultRegion).Select(d => d.Code).ToListAsync(cancellationToken);
        foreach (var (code, name) in Departments.Where(d => !existing.Contains(d.Code)))
        {
            db.Departments.Add(new Department { RegionCode = RoutingModule.DefaultRegion, Code = code, Name = name, CreatedAt = clock.GetUtcNow() });
        }

        var windows = await db.Windows.Where(w => w.RegionCode == RoutingModule.DefaultRegion).Select(w => w.Code).ToListAsync(cancellationToken);
        foreach (var (code, name, department) in Windows.Where(w => !windows.Contains(w.Code)))
        {
            db.Windows.Add(new ServiceWindow { RegionCode = RoutingModule.DefaultRegion, Code = code, Name = name, DepartmentCode = department, CreatedAt = clock.GetUtcNow() });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
