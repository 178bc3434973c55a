namespace CaseFlow.Host.Access;

/// <summary>Sign-in rules; section <c>CaseFlow:Access</c>.</summary>
internal sealed class AccessOptions
{
    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a browser session lasts without activity.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The center this deployment serves, given to accounts created without one.</summary>
    public string CenterCode { get; set; } = "demo-center";
}
