namespace CaseFlow.Supervision;

/// <summary>E-supervision settings; section <c>CaseFlow:Supervision</c>.</summary>
internal sealed class SupervisionOptions
{
    public const string Section = "CaseFlow:Supervision";

    /// <summary>The center the public forms and the public statistics speak for (the same code as <c>CaseFlow:Access:CenterCode</c>).</summary>
    public string CenterCode { get; set; } = "demo-center";

    /// <summary>Working days to reply to a complex complaint (rule 5: 2–5).</summary>
    public int ComplexComplaintDays { get; set; } = 5;

    /// <summary>Working days to reply to a serious complaint after escalating it.</summary>
    public int SeriousComplaintDays { get; set; } = 5;

    /// <summary>Who a serious complaint goes to unless the supervisor names someone.</summary>
    public string EscalationTarget { get; set; } = "中心主任 (center director)";

    /// <summary>Working days a department has to rectify after a bad review.</summary>
    public int RectificationDays { get; set; } = 5;

    /// <summary>The share of a day's completed cases drawn for return-visit calls (0 to 1; at least one case when any completed).</summary>
    public double ReturnVisitShare { get; set; } = 0.1;

    /// <summary>Requests a minute per client address to the public complaint and rating forms, on each node.</summary>
    public int PublicRequestsPerMinute { get; set; } = 10;

    public static bool IsValid(SupervisionOptions o) =>
        !string.IsNullOrWhiteSpace(o.CenterCode)
        && o.ComplexComplaintDays is >= 2 and <= 5
        && o.SeriousComplaintDays is >= 1 and <= 30
        && !string.IsNullOrWhiteSpace(o.EscalationTarget)
        && o.RectificationDays is >= 1 and <= 60
        && o.ReturnVisitShare is > 0 and <= 1
        && o.PublicRequestsPerMinute >= 1;
}
