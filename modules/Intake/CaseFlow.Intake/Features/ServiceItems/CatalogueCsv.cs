using System.Globalization;
using System.Text;
using System.Text.Json;
using CaseFlow.Intake.Contracts;

namespace CaseFlow.Intake.Features.ServiceItems;

/// <summary>
/// The catalogue's CSV layout (docs/CATALOGUE.md): RFC 4180, UTF-8, a header naming the columns, one record per item;
/// co-departments separated by ';', materials and FAQ as JSON cells, the version read-only.
/// </summary>
internal static class CatalogueCsv
{
    public static readonly string[] Columns =
    [
        "code", "name", "itemType", "caseType", "level", "implementingBody", "leadDepartment", "coDepartments",
        "committedLimitDays", "statutoryLimitDays", "feeCharged", "feeStandard", "onSiteVisits", "officeHours", "location",
        "inquiryPhone", "complaintPhone", "conditions", "legalBasis", "workflow", "published", "materials", "faq", "version",
    ];

    public static string Write(IEnumerable<ServiceItemDto> items, JsonSerializerOptions json)
    {
        var output = new StringBuilder();
        AppendRecord(output, Columns);
        foreach (var i in items)
        {
            AppendRecord(output,
            [
                i.Code, i.Name, i.ItemType, i.CaseType.ToString(), i.Level.ToString(), i.ImplementingBody, i.LeadDepartment,
                string.Join(';', i.CoDepartments), Number(i.CommittedLimitDays), Number(i.StatutoryLimitDays), Bool(i.FeeCharged),
                i.FeeStandard, Number(i.OnSiteVisits), i.OfficeHours, i.Location, i.InquiryPhone, i.ComplaintPhone, i.Conditions,
                i.LegalBasis, i.Workflow, Bool(i.Published), JsonSerializer.Serialize(i.Materials, json), JsonSerializer.Serialize(i.Faq, json),
                Number(i.Version),
            ]);
        }

        return output.ToString();
    }

    /// <summary>Reads the rows: each an entry, or the problems that kept it from being one.</summary>
    public static IReadOnlyList<(int Row, ServiceItemDto? Item, List<CatalogueProblem> Problems)> Read(string content, JsonSerializerOptions json, List<CatalogueProblem> fileProblems)
    {
        var records = Parse(content, fileProblems);
        var rows = new List<(int, ServiceItemDto?, List<CatalogueProblem>)>();
        if (records.Count == 0)
        {
            fileProblems.Add(new CatalogueProblem(0, "header", "The file has no header record."));
            return rows;
        }

        var header = records[0].Select(h => h.Trim()).ToList();
        var missing = Columns.Where(c => c != "version" && !header.Contains(c, StringComparer.Ordinal)).ToList();
        foreach (var column in missing)
        {
            fileProblems.Add(new CatalogueProblem(0, column, $"The header has no column {column}."));
        }

        foreach (var unknown in header.Where(h => !Columns.Contains(h, StringComparer.Ordinal)))
        {
            fileProblems.Add(new CatalogueProblem(0, unknown, $"The header names an unknown column {unknown}."));
        }

        if (fileProblems.Count > 0)
        {
            return rows;
        }

        for (var r = 1; r < records.Count; r++)
        {
            var record = records[r];
            var problems = new List<CatalogueProblem>();
            if (record.Count != header.Count)
            {
                problems.Add(new CatalogueProblem(r, "row", $"The row has {record.Count} cells; the header has {header.Count}."));
                rows.Add((r, null, problems));
                continue;
            }

            string Cell(string column) => record[header.IndexOf(column)];
            T Parsed<T>(string column, Func<string, (bool Ok, T Value)> parse, T fallback, string expected)
            {
                var (ok, value) = parse(Cell(column));
                if (ok)
                {
                    return value;
                }

                problems.Add(new CatalogueProblem(r, column, $"'{Cell(column)}' is not {expected}."));
                return fallback;
            }

            static (bool, int) Int(string s) => (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v), v);
            static (bool, bool) Boolean(string s) => (bool.TryParse(s, out var v), v);
            static (bool, TEnum) Enum<TEnum>(string s)
                where TEnum : struct, Enum => (System.Enum.TryParse<TEnum>(s, ignoreCase: false, out var v) && System.Enum.IsDefined(v) && !int.TryParse(s, out _), v);
            (bool, List<TItem>) JsonList<TItem>(string s)
            {
                try
                {
                    return (true, s.Length == 0 ? [] : JsonSerializer.Deserialize<List<TItem>>(s, json) ?? []);
                }
                catch (JsonException)
                {
                    return (false, []);
                }
            }

            var item = new ServiceItemDto(
                Cell("code"),
                Cell("name"),
                Parsed("caseType", Enum<CaseType>, CaseType.Promised, "a case type (Immediate, Promised, Joint, Reported)"),
                Cell("leadDepartment"),
                Cell("coDepartments").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Parsed("committedLimitDays", Int, 0, "a whole number of working days"),
                Parsed("statutoryLimitDays", Int, 0, "a whole number of working days"),
                Parsed("published", Boolean, false, "true or false"),
                0)
            {
                ItemType = Cell("itemType"),
                Level = Parsed("level", Enum<ServiceLevel>, ServiceLevel.County, "a level (County, City, Province, Township)"),
                ImplementingBody = Cell("implementingBody"),
                FeeCharged = Parsed("feeCharged", Boolean, false, "true or false"),
                FeeStandard = Cell("feeStandard"),
                OnSiteVisits = Parsed("onSiteVisits", Int, 0, "a whole number"),
                OfficeHours = Cell("officeHours"),
                Location = Cell("location"),
                InquiryPhone = Cell("inquiryPhone"),
                ComplaintPhone = Cell("complaintPhone"),
                Conditions = Cell("conditions"),
                LegalBasis = Cell("legalBasis"),
                Workflow = Cell("workflow"),
                Materials = Parsed("materials", JsonList<MaterialRequirement>, [], "a JSON array of materials"),
                Faq = Parsed("faq", JsonList<FaqEntry>, [], "a JSON array of questions and answers"),
            };
            rows.Add((r, item, problems));
        }

        return rows;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static void AppendRecord(StringBuilder output, IEnumerable<string> cells)
    {
        output.AppendJoin(',', cells.Select(Quote));
        output.Append("\r\n");
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell.StartsWith(' ') || cell.EndsWith(' ')
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;

    /// <summary>RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks; a BOM and blank lines are skipped.</summary>
    private static List<List<string>> Parse(string content, List<CatalogueProblem> problems)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var i = content.Length > 0 && content[0] == '\uFEFF' ? 1 : 0;
        var cellStarted = false;
        for (; i < content.Length; i++)
        {
            var c = content[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < content.Length && content[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    cellStarted = true;
                    break;
                case ',':
                    record.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    break;
                default:
                    cell.Append(c);
                    cellStarted = true;
                    break;
            }
        }

        if (quoted)
        {
            problems.Add(new CatalogueProblem(records.Count, "row", "A quoted cell is not closed."));
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            if (cellStarted || record.Count > 0)
            {
                record.Add(cell.ToString());
                records.Add(record);
            }

            record = [];
            cell.Clear();
            cellStarted = false;
        }
    }
}
