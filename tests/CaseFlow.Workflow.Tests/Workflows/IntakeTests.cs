using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;
using CaseFlow.Workflow.Tests.Rendering;
using CaseFlow.Workflow.Tests.Support;

namespace CaseFlow.Workflow.Tests.Workflows;

/// <summary>
/// workflows/intake.bpmn: first contact, material check, at most one deficiency notice (一次告知制), the wait for the
/// supplement with the case clock paused, recheck, accept or refuse; art. 32: deemed accepted after 5 working days.
/// </summary>
public sealed class IntakeTests
{
    private const string File = "intake.bpmn";

    private const string Start = """{"start":{"variables":{}}}""";
    private const string RecordMatter = """{"complete":"Task_RecordMatter","variables":{"firstContact":"clerk-7"}}""";
    private const string MaterialsComplete = """{"complete":"Task_CheckMaterials","variables":{"materialsComplete":true}}""";
    private const string MaterialsIncomplete = """{"complete":"Task_CheckMaterials","variables":{"materialsComplete":false,"missingMaterials":["business licence copy","lease contract"]}}""";
    private const string NotAcceptable = """{"complete":"Task_CheckMaterials","variables":{"materialsComplete":true,"acceptable":false}}""";
    private const string Supplement = """{"message":"supplementReceived","variables":{}}""";
    private const string RecheckComplete = """{"complete":"Task_RecheckMaterials","variables":{"materialsComplete":true}}""";
    private const string RecheckIncomplete = """{"complete":"Task_RecheckMaterials","variables":{"materialsComplete":false}}""";

    // Receipt: recording and material check, inside the subprocess that carries the art. 32 timer.
    private static readonly string[] Checked = ["Start_ApplicationReceived", "SubProcess_Receipt", "Start_Receipt", "Task_RecordMatter", "Task_CheckMaterials", "End_Checked"];

    private static readonly string[] UpToTheNotice = [.. Checked, "Gateway_MaterialsComplete", "Task_IssueDeficiencyNotice", "Catch_SupplementReceived"];

    [Test]
    public void Complete_materials_are_accepted_at_once()
    {
        var run = Simulated.Run(File, Start, RecordMatter, MaterialsComplete);

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe([.. Checked, "Gateway_MaterialsComplete", "Task_AcceptCase", "End_Accepted"]);
        run.Of("taskCreated").ShouldBe(["Task_RecordMatter", "Task_CheckMaterials"]);
        run.Of("completed").ShouldBe(["intake"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void An_application_that_cannot_be_accepted_is_refused_without_a_deficiency_notice()
    {
        var run = Simulated.Run(File, Start, RecordMatter, NotAcceptable);

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe([.. Checked, "Gateway_MaterialsComplete", "Task_RefuseCase", "End_Refused"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void The_first_contact_who_records_the_matter_owns_the_check_and_the_recheck()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);
        run.Start();

        run.Complete("Task_RecordMatter", variables: Run.Vars(("firstContact", "clerk-7")));
        var check = run.Tasks("Task_CheckMaterials").Single();
        run.Complete("Task_CheckMaterials", variables: Run.Vars(("materialsComplete", false)));
        run.Message("supplementReceived");

        check.Assignee.ShouldBe("clerk-7");
        run.Tasks("Task_RecheckMaterials").Single().Assignee.ShouldBe("clerk-7");
    }

    [Test]
    public void Incomplete_materials_get_one_deficiency_notice_and_then_the_case_waits_for_the_supplement()
    {
        var run = Simulated.Run(File, Start, RecordMatter, MaterialsIncomplete, """{"advance":"P10D"}""");

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe(UpToTheNotice);
        run.Of("left").ShouldNotContain("Catch_SupplementReceived");
        run.Of("taskCreated").ShouldBe(["Task_RecordMatter", "Task_CheckMaterials"]);
        run.State.ShouldBe("""{"state":"running","active":["Catch_SupplementReceived"]}""");
    }

    [Test]
    public void The_case_clock_is_paused_while_the_case_waits_for_the_supplement_and_resumes_on_it()
    {
        var run = new Run(BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, File)).Definition!);
        run.Start();
        run.Complete("Task_RecordMatter", variables: Run.Vars(("firstContact", "clerk-7")));
        run.Complete("Task_CheckMaterials", variables: Run.Vars(("materialsComplete", false)));
        var pausedWhileWaiting = run.State.ClockPaused;

        run.Advance(TimeSpan.FromDays(3));
        run.Message("supplementReceived").Applied.ShouldBeTrue();

        pausedWhileWaiting.ShouldBeTrue();
        run.State.ClockPaused.ShouldBeFalse();
        run.Events.Single(e => e.Kind == WorkflowEventKind.Entered && e.ElementId == "Catch_SupplementReceived").PausesClock.ShouldBeTrue();
        run.Events.Where(e => e.Kind is WorkflowEventKind.ClockPaused or WorkflowEventKind.ClockResumed).Select(e => (e.Kind, e.At)).ShouldBe([
            (WorkflowEventKind.ClockPaused, Run.Monday),
            (WorkflowEventKind.ClockResumed, Run.Monday.AddDays(3)),
        ]);
        run.Events.Single(e => e.Kind == WorkflowEventKind.ClockPaused).ElementId.ShouldBe("Catch_SupplementReceived");
    }

    [Test]
    public void A_supplement_that_completes_the_materials_is_rechecked_by_the_first_contact_and_accepted()
    {
        var run = Simulated.Run(File, Start, RecordMatter, MaterialsIncomplete, """{"advance":"P3D"}""", Supplement, RecheckComplete);

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe([.. UpToTheNotice, "Task_RecheckMaterials", "Gateway_RecheckComplete", "Task_AcceptCase", "End_Accepted"]);
        run.When("messageCorrelated", "Catch_SupplementReceived").ShouldBe(["2026-03-05T09:00:00+08:00"]);
        run.When("taskCreated", "Task_RecheckMaterials").ShouldBe(["2026-03-05T09:00:00+08:00"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void A_recheck_that_still_finds_the_materials_incomplete_refuses_the_case()
    {
        var run = Simulated.Run(File, Start, RecordMatter, MaterialsIncomplete, Supplement, RecheckIncomplete);

        run.Exit.ShouldBe(0);
        run.Path.ShouldBe([.. UpToTheNotice, "Task_RecheckMaterials", "Gateway_RecheckComplete", "Task_RefuseCase", "End_Refused"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [TestCase("""{"materialsComplete":true}""", "End_Accepted")]
    [TestCase("""{"materialsComplete":false}""", "End_Refused")]
    [TestCase("""{}""", "End_Refused")]
    public void No_supplement_path_reaches_the_deficiency_notice_a_second_time(string recheckVariables, string end)
    {
        var run = Simulated.Run(File, Start, RecordMatter, MaterialsIncomplete, Supplement, $$"""{"complete":"Task_RecheckMaterials","variables":{{recheckVariables}}}""", Supplement);

        run.Exit.ShouldBe(2);
        run.Path.Count(e => e == "Task_IssueDeficiencyNotice").ShouldBe(1);
        run.Path.Count(e => e == "Catch_SupplementReceived").ShouldBe(1);
        run.Path[^1].ShouldBe(end);
        run.Error.ShouldBe("""step 6 (message "supplementReceived"): the instance is completed""");
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void A_supplement_before_any_deficiency_notice_cannot_apply()
    {
        var run = Simulated.Run(File, Start, RecordMatter, Supplement);

        run.Exit.ShouldBe(2);
        run.Error.ShouldBe("""step 3 (message "supplementReceived"): nothing in the instance waits for message 'supplementReceived'""");
        run.State.ShouldBe("""{"state":"running","active":["SubProcess_Receipt","Task_CheckMaterials"]}""");
    }

    [Test]
    public void The_material_check_is_not_deemed_accepted_before_the_end_of_the_fifth_working_day()
    {
        // Recorded on Monday 2 March: Tuesday to Friday and Monday 9 March are the five working days.
        var run = Simulated.Run(File, Start, RecordMatter, """{"advance":"P7DT8H29M"}""");

        run.Exit.ShouldBe(0);
        run.When("timerScheduled", "Timer_NoticeDeadline").ShouldBe(["2026-03-02T09:00:00+08:00"]);
        run.Of("timerFired").ShouldBeEmpty();
        run.State.ShouldBe("""{"state":"running","active":["SubProcess_Receipt","Task_CheckMaterials"]}""");
    }

    [Test]
    public void An_application_nobody_checks_within_5_working_days_is_deemed_accepted_after_the_weekend()
    {
        var run = Simulated.Run(File, Start, RecordMatter, """{"advance":"P8D"}""");

        run.Exit.ShouldBe(0);
        run.When("timerFired", "Timer_NoticeDeadline").ShouldBe(["2026-03-09T17:30:00+08:00"]);
        run.When("left", "Task_CheckMaterials").ShouldBe(["2026-03-09T17:30:00+08:00"]);
        run.Path.ShouldBe(["Start_ApplicationReceived", "SubProcess_Receipt", "Start_Receipt", "Task_RecordMatter", "Task_CheckMaterials", "Timer_NoticeDeadline", "Task_DeemAccepted", "End_DeemedAccepted"]);
        run.Path.ShouldNotContain("Task_IssueDeficiencyNotice");
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void An_application_nobody_records_within_5_working_days_of_receipt_is_deemed_accepted()
    {
        // An online application starts the process on receipt; a clerk picks it up later, or not at all.
        var run = Simulated.Run(File, Start, """{"advance":"P8D"}""");

        run.Exit.ShouldBe(0);
        run.When("timerScheduled", "Timer_NoticeDeadline").ShouldBe(["2026-03-02T09:00:00+08:00"]);
        run.When("timerFired", "Timer_NoticeDeadline").ShouldBe(["2026-03-09T17:30:00+08:00"]);
        run.Path[^3..].ShouldBe(["Timer_NoticeDeadline", "Task_DeemAccepted", "End_DeemedAccepted"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void The_5_working_days_run_from_receipt_not_from_when_the_matter_is_recorded()
    {
        var run = Simulated.Run(File, Start, """{"advance":"P3D"}""", RecordMatter, """{"advance":"P8D"}""");

        run.Exit.ShouldBe(0);
        run.When("taskCompleted", "Task_RecordMatter").ShouldBe(["2026-03-05T09:00:00+08:00"]);
        run.When("timerFired", "Timer_NoticeDeadline").ShouldBe(["2026-03-09T17:30:00+08:00"]);
        run.Path[^3..].ShouldBe(["Timer_NoticeDeadline", "Task_DeemAccepted", "End_DeemedAccepted"]);
    }

    [Test]
    public void A_notice_given_in_time_is_never_overtaken_by_the_art_32_timer_however_long_the_supplement_takes()
    {
        var run = Simulated.Run(File, Start, RecordMatter, MaterialsIncomplete, """{"advance":"P30D"}""", Supplement, RecheckComplete);

        run.Exit.ShouldBe(0);
        run.Of("timerFired").ShouldBeEmpty();
        run.Path.ShouldNotContain("Task_DeemAccepted");
        run.Path[^1].ShouldBe("End_Accepted");
        run.When("messageCorrelated", "Catch_SupplementReceived").ShouldBe(["2026-04-01T09:00:00+08:00"]);
    }
}
