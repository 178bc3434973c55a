using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Modules;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Host.Access;

/// <summary>One demo account per role (the README lists them); all share the demo password.</summary>
internal sealed class DemoStaff(AccessDbContext db, TimeProvider clock, IOptions<AccessOptions> options) : IModuleSeeder
{
    public const string Password = "CaseFlow-demo-2026";

    private static readonly (string Login, string Name, string Role, string? Department, string? Window)[] Accounts =
    [
        ("admin", "系统管理员", StaffRoles.Administrator, null, null),
        ("clerk", "窗口 张敏", StaffRoles.WindowClerk, null, "W01"),
        ("clerk2", "窗口 李强", StaffRoles.WindowClerk, null, "W02"),
        ("approver-market", "市场监管 王芳", StaffRoles.DepartmentApprover, "market-regulation", null),
        ("approver-fire", "消防 赵刚", StaffRoles.DepartmentApprover, "fire-rescue", null),
        ("approver-resources", "自然资源 孙丽", StaffRoles.DepartmentApprover, "natural-resources", null),
        ("approver-fire2", "消防 钱进", StaffRoles.DepartmentApprover, "fire-rescue", null),
        ("approver-ecology", "生态环境 郑洁", StaffRoles.DepartmentApprover, "ecology-environment", null),
        ("lead-housing", "住建 牵头 周伟", StaffRoles.LeadApprover, "housing-construction", null),
        ("supervisor", "电子监察 吴静", StaffRoles.Supervisor, null, null),
        ("clerk3", "不动产窗口 陈洁", StaffRoles.WindowClerk, null, "W05"),
        ("clerk4", "社保窗口 何晓", StaffRoles.WindowClerk, null, "W06"),
        ("approver-housing", "住建 黄磊", StaffRoles.DepartmentApprover, "housing-construction", null),
        ("approver-health", "卫健 刘洋", StaffRoles.DepartmentApprover, "health", null),
        ("approver-security", "公安 林峰", StaffRoles.DepartmentApprover, "public-security", null),
        ("approver-hr", "人社 马丽", StaffRoles.DepartmentApprover, "human-resources", null),
        ("approver-transport", "交通 高翔", StaffRoles.DepartmentApprover, "transport", null),
        ("approver-estate", "不动产 罗敏", StaffRoles.DepartmentApprover, "real-estate", null),
        ("lead-market", "市场监管 牵头 何平", StaffRoles.LeadApprover, "market-regulation", null),
        ("supervisor2", "效能监察 谢明", StaffRoles.Supervisor, null, null),
        ("hotline", "热线 接线员 杨帆", StaffRoles.HotlineOperator, null, null),
    ];

    public int Order => 0;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await db.StaffAccounts.Select(s => s.Login).ToListAsync(cancellationToken);
        var hasher = new PasswordHasher<StaffAccount>();
        foreach (var (login, name, role, department, window) in Accounts.Where(a => !existing.Contains(a.Login)))
        {
            var account = new StaffAccount
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                Login = login,
                DisplayName = name,
                Roles = [role],
                CenterCode = options.Value.CenterCode,
                DepartmentCode = department,
                WindowCode = window,
                CreatedAt = clock.GetUtcNow(),
            };
            account.PasswordHash = hasher.HashPassword(account, Password);
            db.StaffAccounts.Add(account);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
