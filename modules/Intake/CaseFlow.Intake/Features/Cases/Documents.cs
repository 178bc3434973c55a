using System.Globalization;
using System.Net;
using System.Text;
using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Documents;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;
using CaseFlow.Kernel.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

/// <summary>The documents a window hands the applicant: receipt (受理通知书), the single notice (补正告知书), refusal (不予受理决定书).</summary>
internal sealed record PrintCaseDocument(string Reference, string Document, int? Sequence) : IRequest<Result<string>>;

internal sealed class PrintCaseDocumentHandler(IntakeDbContext db) : IRequestHandler<PrintCaseDocument, Result<string>>
{
    public async Task<Result<string>> Handle(PrintCaseDocument request, CancellationToken cancellationToken)
    {
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(
            x => x.RegionCode == IntakeModule.DefaultRegion && (x.ReceptionNumber == request.Reference || x.CaseNumber == request.Reference),
            cancellationToken);
        if (c is null)
        {
            return Cases.NotFound(request.Reference);
        }

        switch (request.Document)
        {
            case "receipt" when c.State == CaseState.Accepted:
                return Receipt(c);
            case "refusal" when c is { State: CaseState.Refused, Refusal: { } refusal }:
                return Refusal(c, refusal);
            case "notice":
                var sequence = request.Sequence ?? 1;
                var notice = await db.DeficiencyNotices.AsNoTracking().SingleOrDefaultAsync(n => n.CaseId == c.Id && n.Sequence == sequence, cancellationToken);
                return notice is null
                    ? Error.NotFound("intake.document.not-found", $"Case {request.Reference} has no deficiency notice {sequence}.")
                    : Notice(c, notice);
            case "receipt" or "refusal":
                return Error.NotFound("intake.document.not-found", $"Case {request.Reference} is {c.State}; it has no {request.Document}.");
            default:
                return Error.Invalid("intake.document.unknown", "The document is one of receipt, notice or refusal.", "document");
        }
    }

    private static string Receipt(IntakeCase c)
    {
        var body = new StringBuilder();
        body.Append(Table(
            ("受理编号 Case number", c.CaseNumber!),
            ("收件编号 Reception number", c.ReceptionNumber),
            ("办理事项 Service item", $"{c.ServiceItem.Name}（{c.ServiceItemCode}，第 {c.ServiceItemVersion} 版）"),
            ("申请人 Applicant", c.ApplicantName),
            ("证件号码 ID", Masking.ResidentId(c.ApplicantIdNumber) ?? c.ApplicantCreditCode ?? string.Empty),
            ("收件日期 Received", Day(c.ReceivedAt)),
            ("受理日期 Accepted", Day(c.AcceptedAt!.Value) + (c.Deemed ? "（逾期未告知，自收到申请之日起视为受理 — 《行政许可法》第三十二条）" : string.Empty)),
            ("承诺时限 Committed limit", $"{c.ServiceItem.CommittedLimitDays} 个工作日"),
            ("承诺办结日期 Committed completion date", c.CommittedDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        body.Append("<h2>已收材料 Materials received</h2><ol>");
        foreach (var m in c.Materials)
        {
            var name = c.ServiceItem.Materials.FirstOrDefault(r => r.Code == m.Code)?.Name ?? m.Code;
            body.Append(CultureInfo.InvariantCulture, $"<li>{E(name)}（{m.Form}，{m.Copies} 份）</li>");
        }

        body.Append("</ol><p>凭本通知书查询办理进度：受理编号 + 证件号码后四位。</p>");
        return Page("受理通知书", c, body.ToString());
    }

    private static string Notice(IntakeCase c, DeficiencyNotice notice)
    {
        var body = new StringBuilder();
        body.Append(Table(
            ("收件编号 Reception number", c.ReceptionNumber),
            ("办理事项 Service item", $"{c.ServiceItem.Name}（{c.ServiceItemCode}，第 {c.ServiceItemVersion} 版）"),
            ("申请人 Applicant", c.ApplicantName),
            ("告知日期 Issued", Day(notice.IssuedAt)),
            ("告知序号 Notice", notice.Sequence == 1 ? "一次性告知" : $"第 {notice.Sequence} 次（经监察人员批准）")));
        body.Append("<p>经审查，您的申请材料不齐全或者不符合法定形式。现一次性告知需要补正的全部内容如下：</p>");
        body.Append("<table class=\"list\"><tr><th>材料 Material</th><th>问题 Problem</th><th>依据 Legal basis</th></tr>");
        foreach (var item in notice.Items)
        {
            var problem = item.Problem == MaterialCheck.Missing ? "未提交 missing" : item.Problem;
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(item.Name)}（{E(item.Code)}）</td><td>{E(problem)}</td><td>{E(item.LegalBasis)}</td></tr>");
        }

        body.Append("</table><p>补正材料后，本中心将不再以本告知书未列明的材料为由要求补正或者不予受理。</p>");
        return Page("一次性补正告知书", c, body.ToString());
    }

    private static string Refusal(IntakeCase c, RefusalRecord refusal)
    {
        var body = Table(
            ("收件编号 Reception number", c.ReceptionNumber),
            ("办理事项 Service item", $"{c.ServiceItem.Name}（{c.ServiceItemCode}）"),
            ("申请人 Applicant", c.ApplicantName),
            ("决定日期 Decided", Day(c.RefusedAt!.Value)),
            ("不予受理理由 Reasons", refusal.Reasons),
            ("法律依据 Legal basis", refusal.LegalBasis),
            ("所涉材料 Materials", string.Join("、", refusal.Materials.Select(code => c.ServiceItem.Materials.FirstOrDefault(m => m.Code == code)?.Name ?? code))));
        return Page("不予受理决定书", c, body + "<p>如不服本决定，可以依法申请行政复议或者提起行政诉讼。</p>");
    }

    private static string Table(params (string Label, string Value)[] rows) =>
        "<table>" + string.Concat(rows.Select(r => $"<tr><th>{E(r.Label)}</th><td>{E(r.Value)}</td></tr>")) + "</table>";

    private static string Page(string title, IntakeCase c, string body) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(title)}} {{E(c.CaseNumber ?? c.ReceptionNumber)}}</title>
        <style>
          body { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; margin: 2cm; font-size: 12pt; }
          h1 { text-align: center; font-size: 20pt; }
          table { border-collapse: collapse; width: 100%; margin: 1em 0; }
          th, td { border: 1px solid #444; padding: 4px 8px; text-align: left; vertical-align: top; }
          th { width: 32%; background: #f2f2f2; }
          table.list th { width: auto; }
          footer { margin-top: 2em; text-align: right; }
        </style></head>
        <body><h1>{{E(title)}}</h1>{{body}}<footer>经办人：{{E(c.FirstContactName)}}　（{{E(c.CenterCode)}}）</footer></body></html>
        """;

    private static string Day(DateTimeOffset instant) => CenterTime.Date(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

internal static class DocumentEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/cases/{reference}/documents/{document}", async (string reference, string document, string? format, int? sequence, ISender sender, IPdfPrinter printer, CancellationToken ct) =>
            {
                if (format is not (null or "html" or "pdf"))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format is html or pdf."] });
                }

                if (sequence is < 1 or > 100)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["sequence"] = ["sequence must be between 1 and 100."] });
                }

                var html = await sender.Send(new PrintCaseDocument(reference, document, sequence), ct);
                if (!html.IsSuccess)
                {
                    return html.Error!.ToProblem();
                }

                if (format != "pdf")
                {
                    return Results.Content(html.Value, "text/html; charset=utf-8");
                }

                try
                {
                    return Results.File(await printer.PrintAsync(html.Value, ct), "application/pdf", $"{reference}-{document}.pdf");
                }
                catch (PdfPrinterUnavailableException e)
                {
                    return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: e.Message,
                        extensions: new Dictionary<string, object?> { ["code"] = "intake.pdf.unavailable" });
                }
            })
            .RequireAuthorization(Policies.WindowStaff)
            .WithName("PrintCaseDocument")
            .WithSummary("A case's receipt, deficiency notice or refusal as an HTML print view, or as PDF with ?format=pdf.")
            .Produces<string>(StatusCodes.Status200OK, "text/html", "application/pdf")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
