using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CaseFlow.Intake.Features.ServiceItems;

internal static class CatalogueJson
{
    /// <summary>The API's JSON: camelCase names, enums by name, indented so a file diff reads well.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Compact JSON for CSV cells.</summary>
    public static readonly JsonSerializerOptions Cells = new(Options) { WriteIndented = false };
}

internal sealed class ExportCatalogueHandler(IntakeDbContext db) : IRequestHandler<ExportCatalogue, string>
{
    public async Task<string> Handle(ExportCatalogue request, CancellationToken cancellationToken)
    {
        var items = await db.ServiceItems.AsNoTracking()
            .Where(i => i.RegionCode == IntakeModule.DefaultRegion)
            .OrderBy(i => i.Code)
            .ToListAsync(cancellationToken);
        var dtos = items.Select(i => i.ToDto()).ToList();
        return request.Format == CatalogueFormat.Csv
            ? CatalogueCsv.Write(dtos, CatalogueJson.Cells)
            : JsonSerializer.Serialize(dtos, CatalogueJson.Options);
    }
}

internal sealed class ImportCatalogueHandler(IntakeDbContext db, TimeProvider clock, IValidator<ServiceItemDto> fields)
    : IRequestHandler<ImportCatalogue, CatalogueImportResult>
{
    /// <summary>Enough for a county catalogue (the documents report ~250 items per county) many times over.</summary>
    public const int MaxRows = 5000;

    public async Task<CatalogueImportResult> Handle(ImportCatalogue request, CancellationToken cancellationToken)
    {
        var problems = new List<CatalogueProblem>();
        var rows = request.Format == CatalogueFormat.Csv
            ? CatalogueCsv.Read(request.Content ?? string.Empty, CatalogueJson.Cells, problems)
            : ReadJson(request.Content ?? string.Empty, problems);
        if (rows.Count > MaxRows)
        {
            problems.Add(new CatalogueProblem(0, "rows", $"A file may hold at most {MaxRows} items."));
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new CatalogueProblem(0, "rows", "The file holds no items."));
        }

        var items = new List<ServiceItemDto>();
        foreach (var (row, parsed, rowProblems) in rows)
        {
            problems.AddRange(rowProblems);
            if (parsed is null)
            {
                continue;
            }

            var item = ServiceItemRules.Normalize(parsed);
            // A cell that did not parse was reported already; its fallback value is not judged again.
            problems.AddRange((await fields.ValidateAsync(item, cancellationToken)).Errors
                .Select(e => new CatalogueProblem(row, FieldName(e.PropertyName), e.ErrorMessage))
                .Where(p => rowProblems.All(r => r.Field != p.Field)));
            var first = items.FindIndex(i => string.Equals(i.Code, item.Code, StringComparison.Ordinal));
            if (first >= 0)
            {
                problems.Add(new CatalogueProblem(row, "code", $"The code {item.Code} is already used by row {rows.First(r => r.Item?.Code == item.Code).Row}."));
            }

            items.Add(item);
        }

        if (problems.Count > 0)
        {
            return new CatalogueImportResult(0, 0, 0, problems.OrderBy(p => p.Row).ToList());
        }

        return await WriteAsync(items, cancellationToken);
    }

    private static string FieldName(string path) =>
        string.Join('.', path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(JsonNamingPolicy.CamelCase.ConvertName));

    private static List<(int Row, ServiceItemDto? Item, List<CatalogueProblem> Problems)> ReadJson(string content, List<CatalogueProblem> problems)
    {
        var rows = new List<(int, ServiceItemDto?, List<CatalogueProblem>)>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            problems.Add(new CatalogueProblem(0, "body", $"The file is not well-formed JSON (line {(ex.LineNumber ?? 0) + 1})."));
            return rows;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new CatalogueProblem(0, "body", "The file must be a JSON array of service items."));
                return rows;
            }

            var row = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row++;
                try
                {
                    var item = element.ValueKind == JsonValueKind.Object ? element.Deserialize<ServiceItemDto>(CatalogueJson.Options) : null;
                    rows.Add((row, item, item is null ? [new CatalogueProblem(row, "row", "Each entry must be a JSON object.")] : []));
                }
                catch (JsonException ex)
                {
                    var field = FieldName((ex.Path ?? "$").TrimStart('$').TrimStart('.'));
                    rows.Add((row, null, [new CatalogueProblem(row, field.Length == 0 ? "row" : field, $"The value of {(field.Length == 0 ? "the entry" : field)} is not valid.")]));
                }
            }
        }

        return rows;
    }

    private async Task<CatalogueImportResult> WriteAsync(List<ServiceItemDto> items, CancellationToken cancellationToken)
    {
        int created = 0, changed = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Rows are locked in code order, so two imports that overlap take turns instead of deadlocking.
            foreach (var fields in items.OrderBy(i => i.Code, StringComparer.Ordinal))
            {
                var item = await ServiceItemStore.LockAsync(db, fields.Code, cancellationToken);
                if (item is null)
                {
                    await ServiceItemStore.AddAsync(db, fields, now, cancellationToken);
                    created++;
                }
                else if (ServiceItemRules.SameContent(item.ToDto(), fields with { Version = item.Version }))
                {
                    unchanged++;
                }
                else
                {
                    ServiceItemStore.NewVersion(db, item, fields, now);
                    changed++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another import created one of these codes at the same moment: nothing of this one was kept; send it again.
            db.ChangeTracker.Clear();
            return new CatalogueImportResult(0, 0, 0, [new CatalogueProblem(0, "code", "Another import added one of these codes at the same time; nothing was imported. Import the file again.")]);
        }

        return new CatalogueImportResult(created, changed, unchanged, []);
    }
}

internal static class CatalogueFileEndpoints
{
    /// <summary>Large enough for the whole catalogue of a county many times over.</summary>
    private const int MaxBytes = 16 * 1024 * 1024;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/catalogue/export.json", async (ISender sender, CancellationToken ct) =>
                Results.Text(await sender.Send(new ExportCatalogue(CatalogueFormat.Json), ct), "application/json", Encoding.UTF8))
            .RequireAuthorization(Policies.Administrators)
            .WithName("ExportCatalogueJson")
            .WithSummary("The whole catalogue, published or not, as a JSON array (docs/CATALOGUE.md).")
            .Produces<IReadOnlyList<ServiceItemDto>>();

        group.MapGet("/catalogue/export.csv", async (HttpContext context, ISender sender, CancellationToken ct) =>
            {
                context.Response.Headers.ContentDisposition = "attachment; filename=\"catalogue.csv\"";

                // A byte order mark, so spreadsheet programs read the Chinese text as UTF-8.
                return Results.Text("\uFEFF" + await sender.Send(new ExportCatalogue(CatalogueFormat.Csv), ct), "text/csv", Encoding.UTF8);
            })
            .RequireAuthorization(Policies.Administrators)
            .WithName("ExportCatalogueCsv")
            .WithSummary("The whole catalogue as CSV, one record per item (docs/CATALOGUE.md).")
            .Produces<string>(contentType: "text/csv");

        group.MapPost("/catalogue/import", async (HttpContext context, ISender sender, CancellationToken ct) =>
            {
                var type = context.Request.ContentType ?? string.Empty;
                CatalogueFormat? format = type.Contains("csv", StringComparison.OrdinalIgnoreCase) ? CatalogueFormat.Csv
                    : type.Contains("json", StringComparison.OrdinalIgnoreCase) ? CatalogueFormat.Json
                    : null;
                if (format is null)
                {
                    return Results.ValidationProblem(
                        new Dictionary<string, string[]> { ["contentType"] = ["Send the file as application/json or text/csv."] },
                        statusCode: StatusCodes.Status415UnsupportedMediaType);
                }

                if (context.Request.ContentLength > MaxBytes)
                {
                    return Results.ValidationProblem(
                        new Dictionary<string, string[]> { ["body"] = [$"A catalogue file may be at most {MaxBytes / 1024 / 1024} MiB."] },
                        statusCode: StatusCodes.Status413PayloadTooLarge);
                }

                string content;
                using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
                {
                    var buffer = new char[MaxBytes + 1];
                    var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
                    if (read > MaxBytes)
                    {
                        return Results.ValidationProblem(
                            new Dictionary<string, string[]> { ["body"] = [$"A catalogue file may be at most {MaxBytes / 1024 / 1024} MiB."] },
                            statusCode: StatusCodes.Status413PayloadTooLarge);
                    }

                    content = new string(buffer, 0, read);
                }

                var result = await sender.Send(new ImportCatalogue(format.Value, content), ct);
                return result.Succeeded ? Results.Ok(result) : Problem(result.Problems);
            })
            .RequireAuthorization(Policies.Administrators)
            .WithName("ImportCatalogue")
            .WithSummary("Imports a catalogue file (JSON or CSV) all or nothing; a problem in any row leaves the catalogue unchanged.")
            .Accepts<IReadOnlyList<ServiceItemDto>>("application/json", "text/csv")
            .Produces<CatalogueImportResult>()
            .ProducesValidationProblem();
    }

    /// <summary>400 naming every problem: under errors as "row N: field", and as a list of {row, field, message}.</summary>
    private static IResult Problem(IReadOnlyList<CatalogueProblem> problems) =>
        Results.ValidationProblem(
            problems.GroupBy(p => p.Row == 0 ? p.Field : $"row {p.Row}: {p.Field}")
                .ToDictionary(g => g.Key, g => g.Select(p => p.Message).Distinct().ToArray()),
            detail: $"Nothing was imported: {problems.Count} problem(s) in the file.",
            title: "The catalogue file is not valid.",
            extensions: new Dictionary<string, object?> { ["code"] = "catalogue.invalid-file", ["problems"] = problems });
}
