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
