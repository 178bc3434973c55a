using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Host.Access;

internal enum SignInVerdict
{
    SignedIn,
    CredentialsMissing,
    Locked,
    InvalidCredentials,
}

/// <summary>What a sign-in attempt came to; the API turns it into ProblemDetails, the sign-in page into a message.</summary>
internal sealed record SignInOutcome(SignInVerdict Verdict, ClaimsPrincipal? Principal = null, DateTimeOffset? LockedUntil = null, string? MissingField = null);

/// <summary>
/// The one account check behind both POST /api/access/sign-in and the sign-in page: password, lockout after repeated
/// failures, and the session cookie on success.
/// </summary>
internal sealed class StaffSignIn(AccessDbContext db, TimeProvider clock, IOptions<AccessOptions> options, ILogger<StaffSignIn> logger)
{
    public async Task<SignInOutcome> SignInAsync(HttpContext context, string? login, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(login) || string.IsNullOrEmpty(password))
        {
            return new SignInOutcome(SignInVerdict.CredentialsMissing, MissingField: string.IsNullOrWhiteSpace(login) ? "login" : "password");
        }

        var now = clock.GetUtcNow();
        var account = await db.StaffAccounts.SingleOrDefaultAsync(s => s.Login == login && s.Active, cancellationToken);
        if (account?.LockedUntil > now)
        {
            logger.LogWarning("Sign-in refused for locked account {Login}", login);
            return new SignInOutcome(SignInVerdict.Locked, LockedUntil: account.LockedUntil);
        }

        var hasher = new PasswordHasher<StaffAccount>();
        var verdict = account is null ? PasswordVerificationResult.Failed : hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (account is null || verdict == PasswordVerificationResult.Failed)
        {
            if (account is not null)
            {
                account.FailedSignIns++;
                if (account.FailedSignIns >= options.Value.MaxFailedSignIns)
                {
                    account.LockedUntil = now + options.Value.LockoutDuration;
                    account.FailedSignIns = 0;
                    logger.LogWarning("Account {Login} locked until {LockedUntil} after repeated failed sign-ins", account.Login, account.LockedUntil);
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            // The same answer for an unknown login and a wrong password: no account enumeration.
            return new SignInOutcome(SignInVerdict.InvalidCredentials);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password);
        }

        account.FailedSignIns = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);

        var principal = AccessEndpoints.Principal(account);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = false });
        logger.LogInformation("Staff {Login} signed in", account.Login);
        return new SignInOutcome(SignInVerdict.SignedIn, principal);
    }
}
