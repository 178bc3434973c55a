namespace CaseFlow.Kernel.Access;

/// <summary>The roles a staff account or API key may hold.</summary>
public static class StaffRoles
{
    public const string WindowClerk = "window-clerk";
    public const string DepartmentApprover = "department-approver";
    public const string LeadApprover = "lead-approver";
    public const string Supervisor = "supervisor";
    public const string Administrator = "administrator";

    /// <summary>Takes hotline calls and letters (热线) and transfers them to the handling department.</summary>
    public const string HotlineOperator = "hotline-operator";

    public static readonly IReadOnlyList<string> All = [WindowClerk, DepartmentApprover, LeadApprover, Supervisor, Administrator, HotlineOperator];
}

/// <summary>The claim types CaseFlow puts on a signed-in principal besides name, identifier and roles.</summary>
public static class ActorClaims
{
    public const string Center = "caseflow:center";
    public const string Department = "caseflow:department";
    public const string Window = "caseflow:window";
}

/// <summary>Who is acting: a staff member (or an API key) bound to a center and, where it applies, a department and a window.</summary>
public sealed record Actor(string Id, string Name, IReadOnlySet<string> Roles, string CenterCode, string? DepartmentCode, string? WindowCode)
{
    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Whether this actor may work on a department's cases: its own department, or a supervisor or administrator watching all.</summary>
    public bool MayWorkFor(string departmentCode) =>
        string.Equals(DepartmentCode, departmentCode, StringComparison.Ordinal) || IsIn(StaffRoles.Supervisor) || IsIn(StaffRoles.Administrator);

    /// <summary>The actor of an authenticated principal; null for anonymous users.</summary>
    public static Actor? From(System.Security.Claims.ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        var roles = user.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(
            user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? string.Empty,
            user.Identity.Name ?? string.Empty,
            roles,
            user.FindFirst(ActorClaims.Center)?.Value ?? string.Empty,
            user.FindFirst(ActorClaims.Department)?.Value,
            user.FindFirst(ActorClaims.Window)?.Value);
    }
}
