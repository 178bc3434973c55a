using System.Data.Common;
using System.Globalization;
using System.Text;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Supervision.Contracts;
using CaseFlow.Supervision.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Supervision.Features.Statistics;

internal sealed class GetStatisticsValidator : AbstractValidator<GetStatistics>
{
    public GetStatisticsValidator()
    {
        RuleFor(r => r.CenterCode).NotEmpty().MaximumLength(50);
        RuleFor(r => r.By).IsInEnum();
        RuleFor(r => r.To).GreaterThanOrEqualTo(r => r.From).WithMessage("'to' must not be before 'from'.");
        RuleFor(r => r.To).Must((r, to) => to.DayNumber - r.From.DayNumber <= 3660).WithMessage("A period is at most ten years.");
    }
}

/// <summary>
/// Sums the daily counters over the period (one indexed range read per dimension, whatever the number of cases) and adds
/// "overdue now" from the partial index of overdue open cases.
/// </summary>
internal sealed class GetStatisticsHandler(SupervisionDbContext db) : IRequestHandler<GetStatistics, StatisticsReport>
{
    public async Task<StatisticsReport> Handle(GetStatistics request, CancellationToken cancellationToken)
    {
        var dimension = request.By.ToString().ToLowerInvariant();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            var sums = new Dictionary<string, long[]>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText =
                    """
                    SELECT dimension_code, sum(accepted), sum(completed), sum(completed_on_time), sum(used_days), sum(committed_days),
                           sum(warnings), sum(overdues), sum(complaints), sum(very_satisfied), sum(satisfied), sum(basically_satisfied),
                           sum(dissatisfied), sum(very_dissatisfied)
                    FROM supervision.daily_statistics
                    WHERE region_code = @region AND center_code = @center AND dimension = @dimension AND day BETWEEN @from AND @to
                    GROUP BY dimension_code
                    """;
                Add(command, "region", SupervisionModule.DefaultRegion);
                Add(command, "center", request.CenterCode);
                Add(command, "dimension", dimension);
                Add(command, "from", request.From);
                Add(command, "to", request.To);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    sums[reader.GetString(0)] = [.. Enumerable.Range(1, 13).Select(i => reader.GetInt64(i))];
                }
            }

            var overdueNow = new Dictionary<string, int>(StringComparer.Ordinal);
            var column = request.By switch
            {
                StatisticsDimension.Department => "department_code",
                StatisticsDimension.Window => "window_code",
                StatisticsDimension.Staff => "staff_id",
                _ => "center_code",
            };
            await using (var command = connection.CreateCommand())
            {
                command.CommandText =
                    $"""
                    SELECT {column}, count(*) FROM supervision.case_facts
                    WHERE region_code = @region AND center_code = @center AND overdue_at IS NOT NULL AND completed_at IS NULL AND {column} IS NOT NULL
                    GROUP BY {column}
                    """;
                Add(command, "region", SupervisionModule.DefaultRegion);
                Add(command, "center", request.CenterCode);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    overdueNow[reader.GetString(0)] = (int)reader.GetInt64(1);
                }
            }

            var rows = sums.Keys.Union(overdueNow.Keys)
                .Order(StringComparer.Ordinal)
                .Select(code => Row(code, sums.GetValueOrDefault(code) ?? new long[13], overdueNow.GetValueOrDefault(code)))
                .ToList();
            return new StatisticsReport(request.CenterCode, request.By, request.From, request.To, rows);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static StatisticsRow Row(string code, long[] s, int overdueNow)
    {
        int At(int i) => checked((int)s[i]);
        var (accepted, completed, onTime, used, committed) = (At(0), At(1), At(2), At(3), At(4));
        return new StatisticsRow(
            code,
            accepted,
            completed,
            onTime,
            accepted == 0 ? null : Ratio(completed, accepted),
            completed == 0 ? null : Ratio(onTime, completed),
            completed == 0 ? null : Ratio(used, completed),
            completed == 0 ? null : Ratio(committed, completed),
            overdueNow,
            At(5),
            At(6),
            At(7),
            new Dictionary<RatingLevel, int>
            {
                [RatingLevel.VerySatisfied] = At(8),
                [RatingLevel.Satisfied] = At(9),
                [RatingLevel.BasicallySatisfied] = At(10),
                [RatingLevel.Dissatisfied] = At(11),
                [RatingLevel.VeryDissatisfied] = At(12),
            });
    }

    private static decimal Ratio(int numerator, int denominator) => Math.Round((decimal)numerator / denominator, 4);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>The statistics as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as GBK), CRLF lines, quoted where needed.</summary>
internal static class StatisticsCsv
{
    public static byte[] Write(StatisticsReport report)
    {
        var text = new StringBuilder();
        Line(text, [
            "维度 Dimension", "编码 Code", "受理 Accepted", "办结 Completed", "按时办结 On time", "办结率 Completion rate", "按时办结率 On-time rate",
            "平均用时(工作日) Avg working days used", "平均承诺时限(工作日) Avg committed", "当前超时 Overdue now", "预警 Warnings", "超时 Overdue alerts",
            "投诉 Complaints", "非常满意", "满意", "基本满意", "不满意", "非常不满意"]);
        foreach (var row in report.Rows)
        {
            Line(text, [
                report.By.ToString(), row.Code, Num(row.Accepted), Num(row.Completed), Num(row.CompletedOnTime), Dec(row.CompletionRate), Dec(row.OnTimeRate),
                Dec(row.AverageWorkingDaysUsed), Dec(row.AverageWorkingDaysCommitted), Num(row.OverdueNow), Num(row.Warnings), Num(row.Overdues), Num(row.Complaints),
                Num(row.Ratings[RatingLevel.VerySatisfied]), Num(row.Ratings[RatingLevel.Satisfied]), Num(row.Ratings[RatingLevel.BasicallySatisfied]),
                Num(row.Ratings[RatingLevel.Dissatisfied]), Num(row.Ratings[RatingLevel.VeryDissatisfied])]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Dec(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? string.Empty;

    private static void Line(StringBuilder text, string[] fields)
    {
        text.AppendJoin(',', fields.Select(Quote));
        text.Append("\r\n");
    }

    // A field that starts like a formula is prefixed so Excel shows it as text (CSV injection).
    private static string Quote(string field)
    {
        var safe = field.Length > 0 && "=+-@".Contains(field[0], StringComparison.Ordinal) && !decimal.TryParse(field, CultureInfo.InvariantCulture, out _) ? "'" + field : field;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}

internal sealed class GetPublicStatisticsValidator : AbstractValidator<GetPublicStatistics>
{
    public GetPublicStatisticsValidator()
    {
        RuleFor(r => r.To).GreaterThanOrEqualTo(r => r.From).WithMessage("'to' must not be before 'from'.");
        RuleFor(r => r.To).Must((r, to) => to.DayNumber - r.From.DayNumber <= 3660).WithMessage("A period is at most ten years.");
    }
}

/// <summary>Rule 6 (政务公开): the center's own row of the statistics, reduced to totals and rates.</summary>
internal sealed class GetPublicStatisticsHandler(ISender sender, Microsoft.Extensions.Options.IOptions<SupervisionOptions> options)
    : IRequestHandler<GetPublicStatistics, PublicStatistics>
{
    public async Task<PublicStatistics> Handle(GetPublicStatistics request, CancellationToken cancellationToken)
    {
        var center = options.Value.CenterCode;
        var report = await sender.Send(new GetStatistics(center, StatisticsDimension.Center, request.From, request.To), cancellationToken);
        var row = report.Rows.SingleOrDefault(r => r.Code == center);
        var ratings = row?.Ratings.Values.Sum() ?? 0;
        var satisfied = row is null ? 0 : row.Ratings[RatingLevel.VerySatisfied] + row.Ratings[RatingLevel.Satisfied] + row.Ratings[RatingLevel.BasicallySatisfied];
        return new PublicStatistics(
            center, request.From, request.To, row?.Accepted ?? 0, row?.Completed ?? 0, row?.CompletionRate, row?.OnTimeRate, row?.AverageWorkingDaysUsed,
            row?.AverageWorkingDaysCommitted, ratings, ratings == 0 ? null : Math.Round((decimal)satisfied / ratings, 4));
    }
}
