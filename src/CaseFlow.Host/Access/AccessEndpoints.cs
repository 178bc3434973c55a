using System.Security.Claims;
using System.Security.Cryptography;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseFlow.Host.Access;

internal sealed record SignIn(string Login, string Password);

internal sealed record Me(string Id, string Name, IReadOnlyList<string> Roles, string CenterCode, string? DepartmentCode, string? WindowCode);

internal sealed record CreateStaffAccount(string Login, string DisplayName, string Password, IReadOnlyList<string> Roles, string? DepartmentCode, string? WindowCode);

internal sealed record StaffAccountView(Guid Id, string Login, string DisplayName, IReadOnlyList<string> Roles, string CenterCode, string? DepartmentCode, string? WindowCode, bool Active, bool Locked);

internal sealed record CreateApiKey(string Name, IReadOnlyList<string> Roles, string? DepartmentCode);

internal sealed record CreatedApiKey(Guid Id, string Name, string Key);

/// <summary>Sign-in with a cookie for the browser, staff accounts and API keys for administrators.</summary>
internal static class AccessEndpoints
{
    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/access").WithTags("Access");
        group.MapPost("/sign-in", SignInAsync).AllowAnonymous()
            .WithSummary("Signs a staff member in with a browser cookie.")
            .Produces<Me>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/sign-out", async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.NoContent();
            })
            .RequireAuthorization(Policies.Staff).WithSummary("Ends the browser session.");
        group.MapGet("/me", (HttpContext context) => Results.Ok(ToMe(context.Actor()!)))
            .RequireAuthorization(Policies.Staff).WithSummary("Who is signed in.").Produces<Me>();
        group.MapGet("/staff", ListStaffAsync).RequireAuthorization(Policies.Administrators)
            .WithSummary("Lists staff accounts.").Produces<IReadOnlyList<StaffAccountView>>();
        group.MapPost("/staff", CreateStaffAsync).RequireAuthorization(Policies.Administrators)
            .WithSummary("Creates a staff account.").Produces<StaffAccountView>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/api-keys", CreateApiKeyAsync).RequireAuthorization(Policies.Administrators)
            .WithSummary("Creates an API key for another system; the key is shown only in this response.")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created).ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(SignIn request, HttpContext context, StaffSignIn signIn)
    {
        var outcome = await signIn.SignInAsync(context, request.Login, request.Password, context.RequestAborted);
        return outcome.Verdict switch
        {
            SignInVerdict.SignedIn => Results.Ok(ToMe(Actor.From(outcome.Principal)!)),
            SignInVerdict.CredentialsMissing => Error.Invalid("access.credentials-missing", "Enter the login and the password.", outcome.MissingField!).ToProblem(),
            SignInVerdict.Locked => Unauthorized("access.locked", $"The account is locked after repeated failed sign-ins until {outcome.LockedUntil:u}."),
            _ => Unauthorized("access.invalid-credentials", "The login or the password is not right."),
        };
    }

    private static async Task<IResult> ListStaffAsync(AccessDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var accounts = await db.StaffAccounts.AsNoTracking().OrderBy(s => s.Login).ToListAsync(ct);
        return Results.Ok(accounts.Select(a => View(a, now)).ToList());
    }

    private static async Task<IResult> CreateStaffAsync(
        CreateStaffAccount request, AccessDbContext db, TimeProvider clock, IOptions<AccessOptions> options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Login) || request.Login.Length > 64)
        {
            errors["login"] = ["A login of 1 to 64 characters is required."];
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors["displayName"] = ["A display name is required."];
        }

        if (request.Password is null || request.Password.Length < 10)
        {
            errors["password"] = ["A password of at least 10 characters is required."];
        }

        ValidateRoles(request.Roles, request.DepartmentCode, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var account = new StaffAccount
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Login = request.Login.Trim(),
            DisplayName = request.DisplayName.Trim(),
            Roles = [.. request.Roles.Distinct()],
            CenterCode = options.Value.CenterCode,
            DepartmentCode = request.DepartmentCode,
            WindowCode = request.WindowCode,
            CreatedAt = clock.GetUtcNow(),
        };
        account.PasswordHash = new PasswordHasher<StaffAccount>().HashPassword(account, request.Password!);
        db.StaffAccounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Error.Conflict("access.duplicate-login", $"The login {request.Login} is taken.").ToProblem();
        }

        return Results.Created($"/api/access/staff/{account.Id}", View(account, clock.GetUtcNow()));
    }

    private static async Task<IResult> CreateApiKeyAsync(CreateApiKey request, AccessDbContext db, TimeProvider clock, IOptions<AccessOptions> options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["A name saying which system uses the key is required."];
        }

        ValidateRoles(request.Roles, request.DepartmentCode, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var key = "cf_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Name = request.Name.Trim(),
            KeyHash = ApiKeyAuthentication.Hash(key),
            Roles = [.. request.Roles.Distinct()],
            CenterCode = options.Value.CenterCode,
            DepartmentCode = request.DepartmentCode,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/access/api-keys/{row.Id}", new CreatedApiKey(row.Id, row.Name, key));
    }

    private static void ValidateRoles(IReadOnlyList<string>? roles, string? department, Dictionary<string, string[]> errors)
    {
        if (roles is null || roles.Count == 0 || roles.Any(r => !StaffRoles.All.Contains(r)))
        {
            errors["roles"] = [$"Give one or more of: {string.Join(", ", StaffRoles.All)}."];
        }
        else if ((roles.Contains(StaffRoles.DepartmentApprover) || roles.Contains(StaffRoles.LeadApprover)) && string.IsNullOrWhiteSpace(department))
        {
            errors["departmentCode"] = ["An approver is bound to a department."];
        }
    }

    internal static ClaimsPrincipal Principal(StaffAccount account)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Name, account.DisplayName),
            new(ActorClaims.Center, account.CenterCode),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (account.DepartmentCode is not null)
        {
            claims.Add(new Claim(ActorClaims.Department, account.DepartmentCode));
        }

        if (account.WindowCode is not null)
        {
            claims.Add(new Claim(ActorClaims.Window, account.WindowCode));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private static Me ToMe(Actor actor) => new(actor.Id, actor.Name, [.. actor.Roles.Order(StringComparer.Ordinal)], actor.CenterCode, actor.DepartmentCode, actor.WindowCode);

    private static StaffAccountView View(StaffAccount a, DateTimeOffset now) =>
        new(a.Id, a.Login, a.DisplayName, a.Roles, a.CenterCode, a.DepartmentCode, a.WindowCode, a.Active, a.LockedUntil > now);

    private static ProblemHttpResult Unauthorized(string code, string message) =>
        TypedResults.Problem(detail: message, statusCode: StatusCodes.Status401Unauthorized, extensions: new Dictionary<string, object?> { ["code"] = code });
}
