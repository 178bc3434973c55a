using System.Data.Common;
using System.Text.Json;
using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CaseFlow.Intake.Features.Cases;

/// <summary>The center's calendar dates: the demo center is in China Standard Time (no daylight saving).</summary>
internal static class CenterTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Date(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
}

/// <summary>Readable numbers: reception numbers for every application, case numbers for accepted cases only.</summary>
internal static class CaseNumbers
{
    /// <summary>
    /// The next number of a counter, under the counter row's lock until the caller's transaction ends: concurrent
    /// acceptances on any node take turns on that row, so no two get one number, and a rolled-back acceptance gives
    /// its number back.
    /// </summary>
    public static async Task<long> NextAsync(IntakeDbContext db, string centerCode, string kind, int year, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """
            INSERT INTO intake.number_counters (center_code, kind, year, last_value) VALUES (@center, @kind, @year, 1)
            ON CONFLICT (center_code, kind, year) DO UPDATE SET last_value = number_counters.last_value + 1
            RETURNING last_value
            """;
        Add(command, "center", centerCode);
        Add(command, "kind", kind);
        Add(command, "year", year);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static string Reception(int year, long value) => $"R{year}-{value:000000}";

    public static string Case(int year, long value) => $"{year}-{value:000000}";

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>The materials check against the item's list as it was when the case was registered.</summary>
internal static class MaterialCheck
{
    public const string Missing = "missing";

    /// <summary>Every required material the window does not hold in the form and number of copies the list asks for.</summary>
    public static List<NoticeItem> Deficiencies(ServiceItemDto item, IReadOnlyList<CaseMaterial> held)
    {
        var result = new List<NoticeItem>();
        foreach (var requirement in item.Materials.Where(m => m.Required))
        {
            var material = held.FirstOrDefault(h => h.Code == requirement.Code);
            var problem = material switch
            {
                null => Missing,
                _ when material.Copies < requirement.Copies => $"{requirement.Copies} copies needed, {material.Copies} handed in",
                _ when requirement.Form == MaterialForm.Original && material.Form != MaterialForm.Original => "the original is needed",
                _ => null,
            };
            if (problem is not null)
            {
                result.Add(new NoticeItem(requirement.Code, requirement.Name, problem, requirement.LegalBasis));
            }
        }

        return result;
    }
}

/// <summary>Finding a case by either of its numbers, and the single-notice facts about it.</summary>
internal static class Cases
{
    public static Task<IntakeCase?> FindAsync(IntakeDbContext db, string reference, CancellationToken cancellationToken) =>
        db.Cases.SingleOrDefaultAsync(
            c => c.RegionCode == IntakeModule.DefaultRegion && (c.ReceptionNumber == reference || c.CaseNumber == reference),
            cancellationToken);

    public static Error NotFound(string reference) => Error.NotFound("intake.case.not-found", $"There is no case {reference}.");

    /// <summary>Rule 1 (首问负责): the clerk who recorded the matter decides on it (administrators may stand in).</summary>
    public static Error? MayDecide(IntakeCase intakeCase, Actor actor) =>
        actor.Id == intakeCase.FirstContactId || actor.IsIn(StaffRoles.Administrator)
            ? null
            : Error.Forbidden("intake.case.not-first-contact", $"Only {intakeCase.FirstContactName}, who recorded this case, may decide on it (first-contact responsibility).");

    /// <summary>Every material code any notice of the case listed.</summary>
    public static async Task<HashSet<string>> ListedMaterialsAsync(IntakeDbContext db, long caseId, CancellationToken cancellationToken)
    {
        var notices = await db.DeficiencyNotices.AsNoTracking().Where(n => n.CaseId == caseId).ToListAsync(cancellationToken);
        return notices.SelectMany(n => n.Items).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
    }

    public static Task<SupervisorOverride?> UnusedOverrideAsync(IntakeDbContext db, long caseId, OverrideKind kind, CancellationToken cancellationToken) =>
        db.SupervisorOverrides.Where(o => o.CaseId == caseId && o.Kind == kind && o.UsedAt == null).OrderBy(o => o.Id).FirstOrDefaultAsync(cancellationToken);
}

/// <summary>The module's way of driving the intake process: the process decides, the module mirrors it.</summary>
internal static class IntakeProcess
{
    public const string Definition = "intake";
    public const string CheckTask = "Task_CheckMaterials";
    public const string RecheckTask = "Task_RecheckMaterials";
    public const string RecordTask = "Task_RecordMatter";
    public const string AwaitSupplement = "Catch_SupplementReceived";
    public const string SupplementMessage = "supplementReceived";

    /// <summary>Completes the open check or recheck task of the case's intake process with the clerk's decision.</summary>
    public static async Task<Error?> DecideAsync(ISender sender, IntakeCase intakeCase, Actor actor, IReadOnlyDictionary<string, object?> decision, CancellationToken cancellationToken)
    {
        var state = await sender.Send(new GetProcessState(intakeCase.ReceptionNumber), cancellationToken);
        var task = state?.OpenTasks.FirstOrDefault(t => t.ElementId is CheckTask or RecheckTask);
        if (state is null || task is null)
        {
            return Error.Conflict("intake.case.not-awaiting-decision", $"Case {intakeCase.ReceptionNumber} is not waiting for a decision on its materials.");
        }

        var step = await sender.Send(new CompleteProcessTask(state.InstanceId, task.TaskId, actor.Id, null, decision), cancellationToken);
        return step.Applied ? null : Error.Conflict("intake.process.refused", $"The intake process refused the step: {step.Error}");
    }

    /// <summary>A case variable as JSON, whatever shape the runtime kept it in.</summary>
    public static JsonElement? Variable(IReadOnlyDictionary<string, object?> variables, string name) =>
        variables.TryGetValue(name, out var value) && value is not null ? JsonSerializer.SerializeToElement(value) : null;
}
