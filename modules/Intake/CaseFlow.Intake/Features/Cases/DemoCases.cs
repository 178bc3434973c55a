using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Access;
using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Modules;
using CaseFlow.Kernel.Primitives;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.Cases;

/// <summary>
/// Demo cases at the window, entered through the real commands (register, notice, supplement, refuse, accept) so each
/// runs on the workflow runtime and leaves the same events a clerk's work would. Only a center with no cases gets them,
/// so a second seed changes nothing. Accepted cases go on to their departments when the Host's outbox delivers
/// CaseAccepted (the running Host, not the seed command, dispatches it).
/// </summary>
internal sealed class DemoCases(IntakeDbContext db, ISender sender) : IModuleSeeder
{
    /// <summary>The demo clerk at window W01 (the Access module's "clerk" account; its login stands for its id here).</summary>
    private static readonly Actor Clerk = new("clerk", "窗口 张敏", new HashSet<string> { StaffRoles.WindowClerk }, "demo-center", null, "W01");

    private const string Food = "11000000MB0000001-SP-02";
    private const string Construction = "11000000MB0000002-JZ-03";
    private const string Sole = "11000000MB0000001-GT-01";
    private const string Estate = "11000000MB0000007-BDC-16";
    private const string Hygiene = "11000000MB0000003-WS-04";

    public int Order => 50;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Cases.AnyAsync(cancellationToken))
        {
            return;
        }

        // 收件: recorded, not yet decided on.
        await RegisterAsync(Food, Person("陈晓明", "11010519900307001", "13812345678"), ["M01", "M02", "M03"], cancellationToken);

        // 一次性告知: the single notice lists every missing material.
        var noticed = await RegisterAsync(Hygiene, Organization("鞍山市铁东区悦来宾馆", "91210300MA0QCX1Y2"), ["M01", "M02"], cancellationToken);
        await Expect(sender.Send(new IssueNotice([new DefectInput("M02", "营业执照复印件未加盖公章")]) { Reference = noticed, Actor = Clerk }, cancellationToken));

        // 补正: the applicant brought what the notice asked for; the recheck is next.
        var supplemented = await RegisterAsync(Food, Person("刘海燕", "21030219851123002", "13904121234"), ["M01", "M02", "M03", "M05"], cancellationToken);
        await Expect(sender.Send(new IssueNotice([]) { Reference = supplemented, Actor = Clerk }, cancellationToken));
        await Expect(sender.Send(new ReceiveSupplement([new MaterialInput("M04", 1, MaterialForm.Original)]) { Reference = supplemented, Actor = Clerk }, cancellationToken));

        // 不予受理: refused with reasons and the legal basis.
        var refused = await RegisterAsync(Food, Person("王建国", "21030319680512003", "13504129876"), ["M01", "M02", "M03", "M04", "M05"], cancellationToken);
        await Expect(sender.Send(
            new RefuseApplication("申请经营场所位于居民住宅楼内，且与有毒有害场所的距离不符合要求。", "《食品经营许可和备案管理办法》第十二条", null) { Reference = refused, Actor = Clerk },
            cancellationToken));

        // 受理: complete applications accepted; the approval follows on the running Host.
        foreach (var (item, applicant, materials) in new[]
        {
            (Food, Person("赵丽", "21030219920115004", "13604125555"), new[] { "M01", "M02", "M03", "M04", "M05" }),
            (Construction, Organization("鞍山市铁西建设发展有限公司", "91210300MA0QCX2A3"), ["M01", "M02", "M03", "M04", "M05"]),
            (Estate, Person("孙志刚", "21030419771029005", "13804127777"), ["M01", "M02", "M03", "M04", "M05"]),
            (Sole, Person("李秀兰", "21030219830214006", "15942121212"), ["M01", "M02", "M03"]),
        })
        {
            var reference = await RegisterAsync(item, applicant, materials, cancellationToken);
            await Expect(sender.Send(new AcceptApplication(reference, Clerk), cancellationToken));
        }
    }

    /// <summary>A person; the resident ID gets its GB 11643 check character.</summary>
    private static ApplicantInput Person(string name, string id17, string phone)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = id17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return new(ApplicantKind.Person, name, id17 + "10X98765432"[sum % 11], null, phone);
    }

    /// <summary>An organization; the unified social credit code gets its GB 32100 check character.</summary>
    private static ApplicantInput Organization(string name, string code17)
    {
        const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var sum = code17.Select((c, i) => Alphabet.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return new(ApplicantKind.Organization, name, null, code17 + Alphabet[(31 - (sum % 31)) % 31], "13700001234");
    }

    private static async Task<CaseView> Expect(Task<Result<CaseView>> sent)
    {
        var result = await sent;
        return result.IsSuccess ? result.Value : throw new InvalidOperationException($"A demo case step failed: {result.Error!.Code} {result.Error.Message}");
    }

    private async Task<string> RegisterAsync(string item, ApplicantInput applicant, IEnumerable<string> materials, CancellationToken cancellationToken)
    {
        var catalogue = await db.ServiceItems.AsNoTracking().SingleAsync(i => i.RegionCode == IntakeModule.DefaultRegion && i.Code == item, cancellationToken);
        var held = materials.Select(code => catalogue.Materials.Single(m => m.Code == code)).Select(m => new MaterialInput(m.Code, m.Copies, m.Form)).ToList();
        var view = await Expect(sender.Send(new RegisterCase(item, applicant, held) { Actor = Clerk }, cancellationToken));
        return view.ReceptionNumber;
    }
}
