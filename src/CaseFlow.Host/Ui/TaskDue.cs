using CaseFlow.Kernel.Access;
using CaseFlow.Workflow.Execution;

namespace CaseFlow.Host.Ui;

/// <summary>Yellow and red marks of a due date (DOMAIN rule 3).</summary>
internal enum DueMark
{
    None,

    /// <summary>预警 (yellow): due within one working day.</summary>
    Warning,

    /// <summary>超时 (red): the due time has passed.</summary>
    Overdue,
}

/// <summary>Due dates as staff read them: the date in the center's time zone, working days left, and the mark.</summary>
internal sealed class TaskDue(IWorkingCalendar calendar, TimeProvider clock)
{
    // Beyond this many working days the exact count does not change what anyone does next.
    private const int CountLimit = 60;

    public DueMark Mark(DateTimeOffset? due)
    {
        if (due is not { } at)
        {
            return DueMark.None;
        }

        var now = clock.GetUtcNow();
        if (at < now)
        {
            return DueMark.Overdue;
        }

        // The working-day calendar ends a day at closing time, so "within one working day" is "by the end of the next one".
        return at <= calendar.AddWorkingDays(now, 1) ? DueMark.Warning : DueMark.None;
    }

    /// <summary>Whole working days from today until the due day (0 on the day itself); null when there is no due date or it has passed.</summary>
    public int? WorkingDaysLeft(DateTimeOffset? due)
    {
        var now = clock.GetUtcNow();
        if (due is not { } at || at < now)
        {
            return null;
        }

        for (var days = 0; days <= CountLimit; days++)
        {
            if (calendar.AddWorkingDays(now, days) >= at)
            {
                return days;
            }
        }

        return CountLimit;
    }

    /// <summary>The close of a working day (17:30 in the center's time zone): when a committed date falls due.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date) => new(date.ToDateTime(new TimeOnly(17, 30)), WorkingCalendar.Offset);

    public static DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(WorkingCalendar.Offset).DateTime);

    public static string LocalDateTime(DateTimeOffset at) =>
        at.ToOffset(WorkingCalendar.Offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Where each role starts after signing in.</summary>
internal static class StartPages
{
    public const string Desk = "/desk";
    public const string Inbox = "/inbox";
    public const string Dashboard = "/dashboard";
    public const string Workflows = "/admin/workflows";
    public const string Hotline = "/hotline";

    public static string For(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.IsIn(StaffRoles.Administrator))
        {
            return Workflows;
        }

        if (actor.IsIn(StaffRoles.Supervisor))
        {
            return Dashboard;
        }

        if (actor.IsIn(StaffRoles.DepartmentApprover) || actor.IsIn(StaffRoles.LeadApprover))
        {
            return Inbox;
        }

        if (actor.IsIn(StaffRoles.HotlineOperator))
        {
            return Hotline;
        }

        return actor.IsIn(StaffRoles.WindowClerk) ? Desk : "/";
    }
}
