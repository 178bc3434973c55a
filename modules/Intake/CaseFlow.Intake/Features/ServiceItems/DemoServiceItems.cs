using CaseFlow.Intake.Contracts;
using CaseFlow.Intake.Persistence;
using CaseFlow.Kernel.Modules;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Intake.Features.ServiceItems;

/// <summary>
/// The demo county center's catalogue: 32 published items of every case type and one draft, with the guide fields the
/// public sees (政务公开). Idempotent: an item that exists is left alone, except that an item seeded before the guide
/// fields existed gets them once, as a new version (cases keep the version they were registered under).
/// </summary>
internal sealed class DemoServiceItems(IntakeDbContext db, TimeProvider clock) : IModuleSeeder
{
    public const string OfficeHours = "周一至周五 上午 9:00–12:00，下午 13:30–17:00（法定节假日除外，调休工作日照常办公）";
    public const string ComplaintPhone = "0412-12345";

    public int Order => 20;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var items = Catalogue();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.ServiceItems
            .FromSql($"SELECT * FROM intake.service_items WHERE region_code = {IntakeModule.DefaultRegion} FOR UPDATE")
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var seeded in items)
        {
            if (existing.FirstOrDefault(e => e.Code == seeded.Code) is { } old)
            {
                if (old.ItemType.Length == 0 && old.Name == seeded.Name)
                {
                    ServiceItemStore.NewVersion(db, old, seeded, now);
                }

                continue;
            }

            await ServiceItemStore.AddAsync(db, seeded, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The seeded entries, in code order of their departments.</summary>
    public static IReadOnlyList<ServiceItemDto> Catalogue()
    {
        const string Registration = "《市场主体登记管理条例》第十六条";
        const string Food = "《食品经营许可和备案管理办法》第十三条";
        const string Construction = "《建筑工程施工许可管理办法》第四条";
        const string Health = "《公共场所卫生管理条例实施细则》第二十三条";
        const string RealEstate = "《不动产登记暂行条例实施细则》第三十八条";
        const string Fire = "《建设工程消防设计审查验收管理暂行规定》第二十八条";
        const string Planning = "《中华人民共和国城乡规划法》第四十条";
        const string Eia = "《建设项目环境影响评价分类管理名录》及《中华人民共和国环境影响评价法》第二十二条";
        const string Drug = "《药品经营和使用质量监督管理办法》第十四条";
        const string Medical = "《医疗机构管理条例》第九条";
        const string Household = "《中华人民共和国户口登记条例》第十条";
        const string Road = "《中华人民共和国道路运输条例》第二十二条";
        const string Social = "《社会保险经办条例》第八条";
        const string Marriage = "《婚姻登记条例》第五条";
        const string Culture = "《娱乐场所管理条例》第九条";
        const string Water = "《取水许可和水资源费征收管理条例》第十一条";
        const string Agri = "《农药经营许可管理办法》第六条";

        MaterialRequirement Id(string code, string basis) => new(code, "申请人身份证明", MaterialForm.Copy, 1, true, basis);
        MaterialRequirement Licence(string code, string basis) => new(code, "营业执照", MaterialForm.Copy, 1, true, basis);
        MaterialRequirement Proxy(string code, string basis) => new(code, "委托代理人身份证明及授权委托书", MaterialForm.Original, 1, false, basis);
        MaterialRequirement M(string code, string name, MaterialForm form, int copies, bool required, string basis) => new(code, name, form, copies, required, basis);

        return
        [
            Item("11000000MB0000001-GT-01", "个体工商户设立登记", "行政确认", CaseType.Immediate, "market-regulation", [], 0, 15, "W03", 1,
                "具有经营能力的公民；经营范围不属于禁止经营的行业。", "《促进个体工商户发展条例》；" + Registration,
                [
                    M("M01", "个体工商户登记申请书", MaterialForm.Original, 1, true, Registration),
                    M("M02", "经营者身份证明", MaterialForm.Copy, 1, true, Registration),
                    M("M03", "经营场所使用证明", MaterialForm.Copy, 1, true, Registration),
                    M("M04", "委托代理人身份证明及授权委托书", MaterialForm.Original, 1, false, Registration),
                ],
                [("名称能否自主申报？", "可以。通过企业名称自主申报系统查询比对后，符合规定的名称当场可用。"), ("多久能拿到营业执照？", "材料齐全、符合法定形式的，当场办结、当场发照。")]),
            Item("11000000MB0000001-SP-02", "食品经营许可", "行政许可", CaseType.Promised, "market-regulation", [], 5, 20, "W03", 1,
                "具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和管理制度。", "《中华人民共和国食品安全法》第三十五条；" + Food,
                [
                    M("M01", "食品经营许可申请书", MaterialForm.Original, 1, true, Food),
                    M("M02", "营业执照", MaterialForm.Copy, 1, true, Food),
                    M("M03", "主要设备设施布局、操作流程文件", MaterialForm.Original, 1, true, Food),
                    M("M04", "食品安全管理制度", MaterialForm.Original, 1, true, Food),
                    M("M05", "法定代表人（负责人）身份证明", MaterialForm.Copy, 1, true, Food),
                ],
                [("仅销售预包装食品需要办许可吗？", "不需要，仅销售预包装食品的实行备案管理。"), ("需要现场核查吗？", "需要。受理后 3 个工作日内安排现场核查，核查时间计入承诺时限。")]),
            Item("11000000MB0000001-YP-05", "药品零售企业许可", "行政许可", CaseType.Promised, "market-regulation", [], 10, 30, "W03", 1,
                "有依法经过资格认定的药学技术人员；有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境。", "《中华人民共和国药品管理法》第五十二条；" + Drug,
                [M("M01", "药品经营许可证申请表", MaterialForm.Original, 1, true, Drug), Licence("M02", Drug), M("M03", "执业药师注册证", MaterialForm.Copy, 1, true, Drug), M("M04", "经营场所和仓库平面布局图", MaterialForm.Original, 1, true, Drug), Proxy("M05", Drug)],
                [("执业药师可以兼职吗？", "不可以。执业药师应当在职在岗，不得在其他单位兼职。")]),
            Item("11000000MB0000001-GG-06", "户外广告设施设置审批", "行政许可", CaseType.Joint, "market-regulation", ["housing-construction", "transport"], 5, 20, "W03", 1,
                "设置地点符合户外广告设施设置规划；设施结构安全。", "《城市市容和环境卫生管理条例》第十一条",
                [M("M01", "户外广告设施设置申请表", MaterialForm.Original, 1, true, "《城市市容和环境卫生管理条例》第十一条"), Licence("M02", "《城市市容和环境卫生管理条例》第十一条"), M("M03", "设施设计效果图及结构安全报告", MaterialForm.Original, 1, true, "《城市市容和环境卫生管理条例》第十一条")],
                [("设置期限最长多久？", "一般不超过 3 年，期满需重新申请。")]),
            Item("11000000MB0000002-JZ-03", "建筑工程施工许可", "行政许可", CaseType.Joint, "housing-construction", ["natural-resources", "fire-rescue", "ecology-environment"], 7, 15, "W04", 1,
                "已办理用地和规划许可；施工图审查合格；已确定施工企业；建设资金已经落实。", "《中华人民共和国建筑法》第八条；" + Construction,
                [
                    M("M01", "建筑工程施工许可申请表", MaterialForm.Original, 2, true, Construction),
                    M("M02", "建设工程规划许可证", MaterialForm.Copy, 1, true, Construction),
                    M("M03", "施工图设计文件审查合格书", MaterialForm.Copy, 1, true, Construction),
                    M("M04", "中标通知书及施工合同", MaterialForm.Copy, 1, true, Construction),
                    M("M05", "建设资金落实证明", MaterialForm.Original, 1, true, Construction),
                ],
                [("工程投资额 30 万元以下需要办理吗？", "工程投资额在 30 万元以下或者建筑面积在 300 平方米以下的建筑工程，可以不申请办理施工许可证。"), ("联办期间能查看各部门进度吗？", "可以。凭办件编号和身份证号后 4 位在门户网站查询各部门审查状态。")]),
            Item("11000000MB0000002-ZZ-07", "建筑业企业资质核准（施工劳务）", "行政许可", CaseType.Promised, "housing-construction", [], 10, 20, "W04", 1,
                "企业具有独立法人资格，有符合规定的技术负责人和技术工人。", "《建筑业企业资质管理规定》第十条",
                [M("M01", "建筑业企业资质申请表", MaterialForm.Original, 1, true, "《建筑业企业资质管理规定》第十条"), Licence("M02", "《建筑业企业资质管理规定》第十条"), M("M03", "技术负责人身份证明及职称证书", MaterialForm.Copy, 1, true, "《建筑业企业资质管理规定》第十条")],
                [("施工劳务资质还需要审批吗？", "施工劳务资质实行备案制，备案后即可取得资质证书。")]),
            Item("11000000MB0000002-YS-08", "房屋建筑和市政基础设施工程竣工验收备案", "其他行政权力", CaseType.Promised, "housing-construction", [], 3, 15, "W04", 1,
                "工程已竣工验收合格，并取得规划、消防等专项验收意见。", "《房屋建筑和市政基础设施工程竣工验收备案管理办法》第四条",
                [M("M01", "工程竣工验收备案表", MaterialForm.Original, 2, true, "《房屋建筑和市政基础设施工程竣工验收备案管理办法》第五条"), M("M02", "工程竣工验收报告", MaterialForm.Original, 1, true, "《房屋建筑和市政基础设施工程竣工验收备案管理办法》第五条"), M("M03", "施工单位签署的工程质量保修书", MaterialForm.Original, 1, true, "《房屋建筑和市政基础设施工程竣工验收备案管理办法》第五条")],
                [("备案时限从何时起算？", "自工程竣工验收合格之日起 15 日内提交备案。")]),
            Item("11000000MB0000003-WS-04", "公共场所卫生许可", "行政许可", CaseType.Promised, "health", [], 5, 20, "W02", 1,
                "公共场所经营场所、设施符合卫生标准和要求。", "《公共场所卫生管理条例》第八条；" + Health,
                [
                    M("M01", "卫生许可证申请表", MaterialForm.Original, 1, true, Health),
                    M("M02", "营业执照", MaterialForm.Copy, 1, true, Health),
                    M("M03", "公共场所卫生检测或者评价报告", MaterialForm.Original, 1, true, Health),
                    M("M04", "卫生管理制度", MaterialForm.Original, 1, true, Health),
                ],
                [("卫生许可证有效期多久？", "有效期 4 年，期满前 30 日申请延续。")]),
            Item("11000000MB0000003-YL-09", "医疗机构执业登记（诊所）", "行政许可", CaseType.Promised, "health", [], 15, 45, "W02", 2,
                "按照诊所基本标准配置人员、房屋和设备；有相应的规章制度。", "《医疗机构管理条例》第十五条；" + Medical,
                [M("M01", "医疗机构执业登记申请书", MaterialForm.Original, 1, true, Medical), M("M02", "医师执业证书", MaterialForm.Copy, 1, true, Medical), M("M03", "房屋产权证明或使用证明", MaterialForm.Copy, 1, true, Medical), M("M04", "诊所规章制度", MaterialForm.Original, 1, true, Medical)],
                [("为什么要跑两次？", "受理时一次；现场审核合格后领取执业许可证一次。选择邮寄送达的只需跑一次。")]),
            Item("11000000MB0000004-XF-10", "公众聚集场所投入使用、营业前消防安全检查", "行政许可", CaseType.Promised, "fire-rescue", [], 7, 10, "W04", 1,
                "场所已依法通过消防验收或备案；消防设施完好有效。", "《中华人民共和国消防法》第十五条",
                [M("M01", "公众聚集场所投入使用、营业消防安全检查申报表", MaterialForm.Original, 1, true, "《中华人民共和国消防法》第十五条"), Licence("M02", "《中华人民共和国消防法》第十五条"), M("M03", "场所平面布置图及消防设施平面图", MaterialForm.Original, 1, true, "《中华人民共和国消防法》第十五条")],
                [("可以告知承诺办理吗？", "可以。选择告知承诺的，作出承诺、材料齐全即可当场发证，事后核查。")]),
            Item("11000000MB0000004-XF-11", "特殊建设工程消防验收", "行政许可", CaseType.Promised, "fire-rescue", [], 10, 15, "W04", 1,
                "工程已完成消防设计内容，建设单位已组织竣工验收。", Fire,
                [M("M01", "消防验收申请表", MaterialForm.Original, 1, true, Fire), M("M02", "工程竣工验收报告", MaterialForm.Copy, 1, true, Fire), M("M03", "涉及消防的建设工程竣工图纸", MaterialForm.Original, 1, true, Fire)],
                [("现场评定时间计入时限吗？", "计入。专家评审时间不计入，依法暂停计时。")]),
            Item("11000000MB0000005-GH-12", "建设工程规划许可", "行政许可", CaseType.Promised, "natural-resources", [], 10, 20, "W04", 1,
                "取得土地使用权；设计方案符合控制性详细规划和规划条件。", Planning,
                [M("M01", "建设工程规划许可申请表", MaterialForm.Original, 1, true, Planning), M("M02", "使用土地的有关证明文件", MaterialForm.Copy, 1, true, Planning), M("M03", "建设工程设计方案", MaterialForm.Original, 2, true, Planning)],
                [("方案需要公示吗？", "需要。批前公示期不少于 7 日，公示期间暂停计时。")]),
            Item("11000000MB0000005-YD-13", "建设项目用地预审与选址意见书", "行政许可", CaseType.Reported, "natural-resources", [], 20, 20, "W04", 1,
                "项目符合国土空间规划和用途管制要求。", "《中华人民共和国土地管理法实施条例》第二十四条",
                [M("M01", "建设项目用地预审与选址申请表", MaterialForm.Original, 1, true, "《中华人民共和国土地管理法实施条例》第二十四条"), M("M02", "项目建议书或可行性研究报告批复", MaterialForm.Copy, 1, true, "《中华人民共和国土地管理法实施条例》第二十四条"), M("M03", "标注项目用地范围的土地利用现状图", MaterialForm.Original, 1, true, "《中华人民共和国土地管理法实施条例》第二十四条")],
                [("为什么是上报件？", "占用永久基本农田等情形需报市级自然资源主管部门审查，由县局受理后上报。")]),
            Item("11000000MB0000006-HP-14", "建设项目环境影响报告表审批", "行政许可", CaseType.Promised, "ecology-environment", [], 15, 30, "W04", 1,
                "项目符合生态环境分区管控要求，污染物排放符合国家和地方标准。", Eia,
                [M("M01", "建设项目环境影响报告表", MaterialForm.Original, 2, true, Eia), M("M02", "环境影响报告表审批申请函", MaterialForm.Original, 1, true, Eia), M("M03", "项目公开情况说明", MaterialForm.Original, 1, false, Eia)],
                [("技术评估时间算在时限里吗？", "不算。技术评估属于依法不计入时限的特殊程序，期间暂停计时。")]),
            Item("11000000MB0000006-PW-15", "排污许可证核发（简化管理）", "行政许可", CaseType.Promised, "ecology-environment", [], 10, 20, "W04", 1,
                "依法取得建设项目环境影响评价文件审批意见；污染防治设施符合要求。", "《排污许可管理条例》第十一条",
                [M("M01", "排污许可证申请表", MaterialForm.Electronic, 1, true, "《排污许可管理条例》第八条"), M("M02", "自行监测方案", MaterialForm.Electronic, 1, true, "《排污许可管理条例》第八条"), M("M03", "守法承诺书", MaterialForm.Original, 1, true, "《排污许可管理条例》第八条")],
                [("需要到现场吗？", "全程网上申请，无需到现场。")]),
            Item("11000000MB0000007-BDC-16", "存量房买卖转移登记", "行政确认", CaseType.Promised, "real-estate", [], 1, 30, "W05", 1,
                "房屋已取得不动产权证书，无查封、抵押未注销等限制情形。", RealEstate,
                [M("M01", "不动产登记申请书", MaterialForm.Original, 1, true, RealEstate), M("M02", "买卖双方身份证明", MaterialForm.Copy, 2, true, RealEstate), M("M03", "不动产权证书", MaterialForm.Original, 1, true, RealEstate), M("M04", "存量房买卖合同", MaterialForm.Original, 1, true, RealEstate), M("M05", "完税凭证", MaterialForm.Copy, 1, true, RealEstate)],
                [("多久能领到新证？", "材料齐全的，1 个工作日内办结（原为 3 个工作日）。"), ("登记费怎么收？", "住宅每件 80 元，非住宅每件 550 元；小微企业免收。")],
                fee: "住宅类每件 80 元，非住宅类每件 550 元（发改价格规〔2016〕2559 号）"),
            Item("11000000MB0000007-BDC-17", "不动产抵押权首次登记", "行政确认", CaseType.Promised, "real-estate", [], 1, 30, "W05", 1,
                "抵押合同已签订，抵押物权属清楚。", RealEstate,
                [M("M01", "不动产登记申请书", MaterialForm.Original, 1, true, RealEstate), M("M02", "主债权合同及抵押合同", MaterialForm.Original, 1, true, RealEstate), M("M03", "不动产权证书", MaterialForm.Original, 1, true, RealEstate)],
                [("银行可以代为申请吗？", "可以，银行网点已开通抵押登记代办服务。")],
                fee: "住宅类每件 80 元，非住宅类每件 550 元"),
            Item("11000000MB0000007-BDC-18", "不动产登记资料查询", "公共服务", CaseType.Immediate, "real-estate", [], 0, 1, "W05", 1,
                "权利人、利害关系人或其委托人依法查询。", "《不动产登记资料查询暂行办法》第十四条",
                [Id("M01", "《不动产登记资料查询暂行办法》第十四条"), M("M02", "不动产登记资料查询申请书", MaterialForm.Original, 1, true, "《不动产登记资料查询暂行办法》第十四条")],
                [("可以查别人的房子吗？", "不可以。利害关系人只能查询与其利害关系相关的登记结果。")]),
            Item("11000000MB0000008-HJ-19", "出生登记", "行政确认", CaseType.Immediate, "public-security", [], 0, 1, "W07", 1,
                "新生儿父母一方户口在本县。", Household,
                [M("M01", "出生医学证明", MaterialForm.Original, 1, true, Household), M("M02", "父母居民户口簿", MaterialForm.Original, 1, true, Household), M("M03", "父母结婚证", MaterialForm.Copy, 1, false, Household)],
                [("出生多久内要登记？", "婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居申报出生登记。")]),
            Item("11000000MB0000008-SFZ-20", "居民身份证换领", "行政许可", CaseType.Promised, "public-security", [], 20, 60, "W07", 1,
                "居民身份证有效期满或相关项目变更。", "《中华人民共和国居民身份证法》第十一条",
                [M("M01", "居民户口簿", MaterialForm.Original, 1, true, "《中华人民共和国居民身份证法》第十一条"), M("M02", "原居民身份证", MaterialForm.Original, 1, true, "《中华人民共和国居民身份证法》第十一条")],
                [("可以邮寄送证吗？", "可以，选择邮寄的只需到现场采集照片和指纹一次。")],
                fee: "换领 20 元，补领、损坏换领 40 元（财综〔2007〕34 号）"),
            Item("11000000MB0000008-HZ-21", "普通护照签发", "行政许可", CaseType.Reported, "public-security", [], 7, 15, "W07", 1,
                "中国公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国。", "《中华人民共和国护照法》第五条",
                [Id("M01", "《中华人民共和国护照法》第五条"), M("M02", "出入境证件申请表", MaterialForm.Original, 1, true, "《中华人民共和国护照法》第五条")],
                [("为什么是上报件？", "县级受理后报市出入境管理部门审批制证。")],
                fee: "每本 120 元（发改价格〔2019〕914 号）"),
            Item("11000000MB0000009-YS-22", "道路货物运输经营许可", "行政许可", CaseType.Promised, "transport", [], 10, 20, "W08", 1,
                "有与其经营业务相适应并经检测合格的车辆；有符合条件的驾驶人员；有健全的安全生产管理制度。", Road,
                [M("M01", "道路货物运输经营申请表", MaterialForm.Original, 1, true, Road), M("M02", "负责人身份证明", MaterialForm.Copy, 1, true, Road), M("M03", "拟投入车辆承诺书", MaterialForm.Original, 1, true, Road), M("M04", "安全生产管理制度文本", MaterialForm.Original, 1, true, Road)],
                [("4.5 吨以下普通货车需要许可吗？", "不需要。使用总质量 4.5 吨及以下普通货运车辆的，无需办理。")]),
            Item("11000000MB0000009-CZ-23", "出租汽车驾驶员从业资格注册", "行政确认", CaseType.Immediate, "transport", [], 0, 20, "W08", 1,
                "已取得从业资格证，与出租汽车经营者签订劳动合同。", "《出租汽车驾驶员从业资格管理规定》第二十一条",
                [M("M01", "从业资格注册登记表", MaterialForm.Original, 1, true, "《出租汽车驾驶员从业资格管理规定》第二十一条"), M("M02", "从业资格证", MaterialForm.Original, 1, true, "《出租汽车驾驶员从业资格管理规定》第二十一条")],
                [("注册有效期多久？", "有效期 3 年。")]),
            Item("11000000MB0000010-SB-24", "城乡居民基本养老保险参保登记", "公共服务", CaseType.Immediate, "human-resources", [], 0, 5, "W06", 1,
                "年满 16 周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险覆盖范围的城乡居民。", Social,
                [Id("M01", Social), M("M02", "城乡居民基本养老保险参保登记表", MaterialForm.Original, 1, true, Social)],
                [("缴费档次可以调整吗？", "可以，每年可调整一次。")]),
            Item("11000000MB0000010-SY-25", "失业保险金申领", "行政给付", CaseType.Promised, "human-resources", [], 5, 20, "W06", 1,
                "失业前用人单位和本人已缴纳失业保险费满一年；非因本人意愿中断就业；已办理失业登记。", "《失业保险条例》第十四条",
                [Id("M01", "《失业保险条例》第十六条"), M("M02", "终止或者解除劳动合同的证明", MaterialForm.Copy, 1, true, "《失业保险条例》第十六条"), M("M03", "本人社会保障卡", MaterialForm.Original, 1, true, "《失业保险条例》第十六条")],
                [("可以网上申领吗？", "可以，通过政务服务网或手机端申领，全程零跑动。")],
                visits: 0),
            Item("11000000MB0000010-LW-26", "劳务派遣经营许可", "行政许可", CaseType.Promised, "human-resources", [], 10, 20, "W06", 1,
                "注册资本不少于人民币二百万元；有与开展业务相适应的固定的经营场所和设施。", "《劳务派遣行政许可实施办法》第六条",
                [M("M01", "劳务派遣经营许可申请书", MaterialForm.Original, 1, true, "《劳务派遣行政许可实施办法》第八条"), Licence("M02", "《劳务派遣行政许可实施办法》第八条"), M("M03", "劳务派遣管理制度", MaterialForm.Original, 1, true, "《劳务派遣行政许可实施办法》第八条")],
                [("许可有效期多久？", "有效期 3 年，期满前 60 日申请延续。")]),
            Item("11000000MB0000011-HY-27", "内地居民结婚登记", "行政确认", CaseType.Immediate, "civil-affairs", [], 0, 1, "W09", 1,
                "男女双方完全自愿；达到法定婚龄；无配偶；非直系血亲和三代以内旁系血亲。", Marriage,
                [M("M01", "本人户口簿", MaterialForm.Original, 1, true, Marriage), M("M02", "本人居民身份证", MaterialForm.Original, 1, true, Marriage), M("M03", "本人无配偶以及与对方无直系血亲和三代以内旁系血亲关系的签字声明", MaterialForm.Original, 1, true, Marriage)],
                [("可以跨省办理吗？", "可以，实行“跨省通办”的地区一方户籍在本地即可。")]),
            Item("11000000MB0000011-MF-28", "民办非企业单位成立登记", "行政许可", CaseType.Promised, "civil-affairs", [], 20, 60, "W09", 2,
                "经业务主管单位审查同意；有规范的名称、必要的组织机构；有与其业务活动相适应的从业人员和合法财产。", "《民办非企业单位登记管理暂行条例》第八条",
                [M("M01", "登记申请书", MaterialForm.Original, 1, true, "《民办非企业单位登记管理暂行条例》第九条"), M("M02", "业务主管单位的批准文件", MaterialForm.Original, 1, true, "《民办非企业单位登记管理暂行条例》第九条"), M("M03", "章程草案", MaterialForm.Original, 1, true, "《民办非企业单位登记管理暂行条例》第九条")],
                [("开办资金有最低要求吗？", "按照所属行业标准确定，一般不少于 3 万元。")]),
            Item("11000000MB0000012-YL-29", "娱乐场所经营许可", "行政许可", CaseType.Joint, "culture-tourism", ["fire-rescue", "public-security"], 10, 20, "W02", 1,
                "场所符合娱乐场所设置规划；消防安全符合要求；有与经营相适应的管理人员。", Culture,
                [M("M01", "娱乐场所经营许可申请书", MaterialForm.Original, 1, true, Culture), Licence("M02", Culture), M("M03", "场所平面示意图", MaterialForm.Original, 1, true, Culture), M("M04", "投资人、法定代表人身份证明", MaterialForm.Copy, 1, true, Culture)],
                [("为什么要消防、公安一起审？", "娱乐场所涉及消防安全和治安管理，实行一家牵头、并联审批，各部门同时审查。")]),
            Item("11000000MB0000012-LX-30", "旅行社设立许可", "行政许可", CaseType.Reported, "culture-tourism", [], 15, 20, "W02", 1,
                "有固定的经营场所；有必要的营业设施；有经培训并持有导游证的人员。", "《旅行社条例》第六条",
                [M("M01", "设立申请书", MaterialForm.Original, 1, true, "《旅行社条例》第七条"), Licence("M02", "《旅行社条例》第七条"), M("M03", "经营场所证明", MaterialForm.Copy, 1, true, "《旅行社条例》第七条")],
                [("质量保证金交多少？", "取得许可后 3 个工作日内存入质量保证金 20 万元。")]),
            Item("11000000MB0000013-NY-31", "农药经营许可（限制使用农药除外）", "行政许可", CaseType.Promised, "agriculture", [], 10, 20, "W02", 1,
                "有农学、植保、农药等相关专业学历或培训经历的人员；有不少于 30 平方米的营业场所。", Agri,
                [M("M01", "农药经营许可证申请表", MaterialForm.Original, 1, true, Agri), Licence("M02", Agri), M("M03", "营业场所和仓储场所地址、面积、平面图", MaterialForm.Original, 1, true, Agri)],
                [("许可证有效期多久？", "有效期 5 年。")]),
            Item("11000000MB0000014-QS-32", "取水许可", "行政许可", CaseType.Joint, "water-resources", ["ecology-environment", "agriculture"], 15, 45, "W02", 1,
                "取水符合水资源规划和用水总量控制指标；已编制建设项目水资源论证报告。", Water,
                [M("M01", "取水许可申请书", MaterialForm.Original, 1, true, Water), M("M02", "建设项目水资源论证报告书", MaterialForm.Original, 2, true, Water), M("M03", "与第三者利害关系的相关说明", MaterialForm.Original, 1, false, Water)],
                [("论证报告评审时间计入时限吗？", "专家评审时间不计入审批时限。")],
                fee: "水资源税由税务部门依法征收，审批本身不收费"),
            Item("11000000MB0000014-HD-33", "河道管理范围内建设项目工程建设方案审批", "行政许可", CaseType.Reported, "water-resources", [], 15, 20, "W04", 1,
                "建设项目符合防洪规划和河道岸线保护要求。", "《中华人民共和国防洪法》第二十七条",
                [M("M01", "河道管理范围内建设项目申请书", MaterialForm.Original, 1, true, "《河道管理范围内建设项目管理的有关规定》第五条"), M("M02", "防洪评价报告", MaterialForm.Original, 1, true, "《河道管理范围内建设项目管理的有关规定》第五条")],
                [("为什么是上报件？", "跨县河道由市水行政主管部门审批，县局受理后上报。")]),
            Draft(),
        ];

        ServiceItemDto Item(
            string code, string name, string itemType, CaseType type, string lead, string[] co, int committed, int statutory, string window, int visits0,
            string conditions, string legalBasis, MaterialRequirement[] materials, (string Q, string A)[] faq, string? fee = null, int? visits = null) =>
            new(code, name, type, lead, [.. co], committed, statutory, true, 1)
            {
                ItemType = itemType,
                Level = type == CaseType.Reported ? ServiceLevel.City : ServiceLevel.County,
                ImplementingBody = ImplementingBody(lead),
                FeeCharged = fee is not null,
                FeeStandard = fee ?? string.Empty,
                OnSiteVisits = visits ?? visits0,
                OfficeHours = OfficeHours,
                Location = $"县政务服务中心一楼 {window} 窗口（人民路 88 号）",
                InquiryPhone = "0412-" + (5510000 + Math.Abs(StableHash(lead) % 9000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ComplaintPhone = ComplaintPhone,
                Materials = [.. materials],
                Conditions = conditions,
                LegalBasis = legalBasis,
                Faq = [.. faq.Select(f => new FaqEntry(f.Q, f.A))],

                // Named, not left to the default, so the catalogue shows which process each item's cases run on.
                Workflow = CaseWorkflows.Default(type, co),
            };

        ServiceItemDto Draft() =>
            Item("11000000MB0000001-DR-99", "电子商务经营者登记（试行，未发布）", "行政确认", CaseType.Immediate, "market-regulation", [], 0, 15, "W03", 0,
                "在本县从事网络经营的自然人。", Registration, [Id("M01", Registration)], []) with
            { Published = false };
    }

    private static string ImplementingBody(string department) => department switch
    {
        "market-regulation" => "县市场监督管理局",
        "housing-construction" => "县住房和城乡建设局",
        "natural-resources" => "县自然资源局",
        "fire-rescue" => "县消防救援大队",
        "ecology-environment" => "市生态环境局县分局",
        "health" => "县卫生健康委员会",
        "public-security" => "县公安局",
        "human-resources" => "县人力资源和社会保障局",
        "transport" => "县交通运输局",
        "civil-affairs" => "县民政局",
        "culture-tourism" => "县文化广电旅游局",
        "agriculture" => "县农业农村局",
        "water-resources" => "县水利局",
        "real-estate" => "县不动产登记中心",
        _ => department,
    };

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
