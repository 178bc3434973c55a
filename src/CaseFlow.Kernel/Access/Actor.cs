using Microsoft.AspNetCore.Http;

namespace CaseFlow.Kernel.Access;

/// <summary>The authorization policies every endpoint states one of.</summary>
public static class Policies
{
    /// <summary>Any signed-in staff member or API key.</summary>
    public const string Staff = "staff";

    /// <summary>Window clerks (and administrators).</summary>
    public const string WindowStaff = "window-staff";

    /// <summary>Department and lead approvers.</summary>
    public const string Approvers = "approvers";

    /// <summary>Supervisors (e-supervision) and administrators.</summary>
    public const string Supervisors = "supervisors";

    /// <summary>Administrators only.</summary>
    public const string Administrators = "administrators";

    /// <summary>Hotline operators (and administrators): register hotline tickets.</summary>
    public const string HotlineOperators = "hotline-operators";

    /// <summary>Hotline operators, supervisors and administrators: read every hotline ticket.</summary>
    public const string HotlineDesk = "hotline-desk";
}

/// <summary>The actor of the current request.</summary>
public static class HttpContextActorExtensions
{
    public static Actor? Actor(this HttpContext context) => Access.Actor.From(context?.User);
}
