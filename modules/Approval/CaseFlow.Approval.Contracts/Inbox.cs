using System.Globalization;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Approval.Contracts;

/// <summary>A department's tasks (mirrored from the process's open tasks) in one state, earliest due first; <paramref name="After"/> is the cursor of the previous page.</summary>
public sealed record ReadInbox(string DepartmentCode, DepartmentTaskState State, InboxCursor? After, int Limit) : IRequest<Page<DepartmentTaskDto>>;

public sealed record InboxCursor(DateTimeOffset DueAt, Guid Id)
{
    public override string ToString() => $"{DueAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}_{Id:N}";

    public static bool TryParse(string? text, out InboxCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parts = text.Split('_');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks is >= 0 and <= 3155378975999999999
            && Guid.TryParseExact(parts[1], "N", out var id))
        {
            cursor = new InboxCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }

        return false;
    }
}
