using CaseFlow.Supervision.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Supervision.Features.Statistics;

/// <summary>Who an event is counted for: always the center, and the department, window and staff member where known.</summary>
internal sealed record Attribution(string CenterCode, string? DepartmentCode, string? WindowCode, string? StaffId)
{
    public static Attribution Of(CaseFact fact) => new(fact.CenterCode, fact.DepartmentCode, fact.WindowCode, fact.StaffId);

    public IEnumerable<(string Dimension, string Code)> Dimensions()
    {
        yield return ("center", CenterCode);
        if (!string.IsNullOrEmpty(DepartmentCode))
        {
            yield return ("department", DepartmentCode);
        }

        if (!string.IsNullOrEmpty(WindowCode))
        {
            yield return ("window", WindowCode);
        }

        if (!string.IsNullOrEmpty(StaffId))
        {
            yield return ("staff", StaffId);
        }
    }
}

/// <summary>What one event adds to the counters of a day.</summary>
internal readonly record struct Delta(
    int Accepted = 0,
    int Completed = 0,
    int CompletedOnTime = 0,
    int UsedDays = 0,
    int CommittedDays = 0,
    int Warnings = 0,
    int Overdues = 0,
    int Complaints = 0,
    int VerySatisfied = 0,
    int Satisfied = 0,
    int BasicallySatisfied = 0,
    int Dissatisfied = 0,
    int VeryDissatisfied = 0);

/// <summary>
/// The statistics are kept as events happen (never by scanning cases): each event adds to one row per dimension and day
/// with an upsert, in the transaction that records the event's key in <c>processed_events</c>, so a redelivered event
/// counts once.
/// </summary>
internal static class Counters
{
    /// <summary>Records the event's key; false when it was counted before. Call inside the transaction that counts it.</summary>
    public static async Task<bool> FirstTimeAsync(SupervisionDbContext db, string eventKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO supervision.processed_events (region_code, event_key, processed_at)
            VALUES ({SupervisionModule.DefaultRegion}, {eventKey}, {now})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken) == 1;

    public static async Task AddAsync(SupervisionDbContext db, Attribution who, DateOnly day, Delta d, CancellationToken cancellationToken)
    {
        foreach (var (dimension, code) in who.Dimensions())
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO supervision.daily_statistics AS s (region_code, center_code, dimension, dimension_code, day,
                    accepted, completed, completed_on_time, used_days, committed_days, warnings, overdues, complaints,
                    very_satisfied, satisfied, basically_satisfied, dissatisfied, very_dissatisfied)
                VALUES ({SupervisionModule.DefaultRegion}, {who.CenterCode}, {dimension}, {code}, {day},
                    {d.Accepted}, {d.Completed}, {d.CompletedOnTime}, {d.UsedDays}, {d.CommittedDays}, {d.Warnings}, {d.Overdues}, {d.Complaints},
                    {d.VerySatisfied}, {d.Satisfied}, {d.BasicallySatisfied}, {d.Dissatisfied}, {d.VeryDissatisfied})
                ON CONFLICT (region_code, center_code, dimension, dimension_code, day) DO UPDATE SET
                    accepted = s.accepted + EXCLUDED.accepted,
                    completed = s.completed + EXCLUDED.completed,
                    completed_on_time = s.completed_on_time + EXCLUDED.completed_on_time,
                    used_days = s.used_days + EXCLUDED.used_days,
                    committed_days = s.committed_days + EXCLUDED.committed_days,
                    warnings = s.warnings + EXCLUDED.warnings,
                    overdues = s.overdues + EXCLUDED.overdues,
                    complaints = s.complaints + EXCLUDED.complaints,
                    very_satisfied = s.very_satisfied + EXCLUDED.very_satisfied,
                    satisfied = s.satisfied + EXCLUDED.satisfied,
                    basically_satisfied = s.basically_satisfied + EXCLUDED.basically_satisfied,
                    dissatisfied = s.dissatisfied + EXCLUDED.dissatisfied,
                    very_dissatisfied = s.very_dissatisfied + EXCLUDED.very_dissatisfied
                """,
                cancellationToken);
        }
    }
}
