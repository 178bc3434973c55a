namespace CaseFlow.Workflow.Tests.Workflows;

/// <summary>workflows/hotline-ticket.bpmn: a phone transfer is answered within 3 working days, a written one within 7.</summary>
public sealed class HotlineTicketTests
{
    private const string File = "hotline-ticket.bpmn";

    private const string Start = """{"start":{"variables":{}}}""";

    private static readonly DateTimeOffset Friday = new(2026, 3, 6, 9, 0, 0, TimeSpan.FromHours(8));

    private static string Register(string channel) =>
        $$$"""{"complete":"Task_RegisterTicket","variables":{"channel":"{{{channel}}}","handlingDepartment":"housing-construction"}}""";

    [Test]
    public void A_phone_transfer_made_on_friday_is_overdue_after_wednesday_and_supervision_raises_it_while_the_reply_stays_open()
    {
        var run = Simulated.RunFrom(Friday, File, Start, Register("phone"), """{"advance":"P10D"}""");

        run.Exit.ShouldBe(0);
        run.When("timerScheduled", "Timer_PhoneLimit").ShouldBe(["2026-03-06T09:00:00+08:00"]);
        run.When("timerFired", "Timer_PhoneLimit").ShouldBe(["2026-03-11T17:30:00+08:00"]);
        run.Path[^3..].ShouldBe(["Timer_PhoneLimit", "Task_RaisePhoneOverdue", "End_PhoneOverdueRaised"]);
        run.Path.ShouldNotContain("Task_ReplyWritten");
        run.State.ShouldBe("""{"state":"running","active":["Task_ReplyPhone"]}""");
    }

    [Test]
    public void A_phone_transfer_is_not_overdue_a_minute_before_the_end_of_the_third_working_day()
    {
        var run = Simulated.RunFrom(Friday, File, Start, Register("phone"), """{"advance":"P5DT8H29M"}""");

        run.Exit.ShouldBe(0);
        run.Of("timerFired").ShouldBeEmpty();
        run.State.ShouldBe("""{"state":"running","active":["Task_ReplyPhone"]}""");
    }

    [Test]
    public void A_phone_ticket_replied_after_the_overdue_alert_is_still_closed()
    {
        var run = Simulated.RunFrom(Friday, File, Start, Register("phone"), """{"advance":"P10D"}""", """{"complete":"Task_ReplyPhone"}""");

        run.Exit.ShouldBe(0);
        run.Of("timerFired").ShouldBe(["Timer_PhoneLimit"]);
        run.Path[^2..].ShouldBe(["Task_CloseTicket", "End_Closed"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void A_written_transfer_has_7_working_days_so_it_is_not_overdue_when_a_phone_one_would_be()
    {
        var run = Simulated.Run(File, Start, Register("written"), """{"advance":"P4D"}""");

        run.Exit.ShouldBe(0);
        run.Of("timerFired").ShouldBeEmpty();
        run.State.ShouldBe("""{"state":"running","active":["Task_ReplyWritten"]}""");
    }

    [Test]
    public void A_written_transfer_made_on_monday_is_overdue_after_the_wednesday_of_the_next_week()
    {
        var run = Simulated.Run(File, Start, Register("written"), """{"advance":"P14D"}""");

        run.Exit.ShouldBe(0);
        run.When("timerFired", "Timer_WrittenLimit").ShouldBe(["2026-03-11T17:30:00+08:00"]);
        run.Path[^3..].ShouldBe(["Timer_WrittenLimit", "Task_RaiseWrittenOverdue", "End_WrittenOverdueRaised"]);
        run.Path.ShouldNotContain("Task_ReplyPhone");
        run.State.ShouldBe("""{"state":"running","active":["Task_ReplyWritten"]}""");
    }

    [TestCase("phone", "Task_ReplyPhone")]
    [TestCase("written", "Task_ReplyWritten")]
    public void A_ticket_replied_in_time_is_closed_with_no_overdue(string channel, string reply)
    {
        var run = Simulated.Run(File, Start, Register(channel), """{"advance":"P2D"}""", $$"""{"complete":"{{reply}}"}""", """{"advance":"P30D"}""");

        run.Exit.ShouldBe(0);
        run.Of("timerFired").ShouldBeEmpty();
        run.Path.ShouldBe(["Start_TicketReceived", "Task_RegisterTicket", "Gateway_Channel", reply, "Task_CloseTicket", "End_Closed"]);
        run.State.ShouldBe("""{"state":"completed","active":[]}""");
    }

    [Test]
    public void A_channel_other_than_phone_or_written_is_refused_at_registration()
    {
        var run = Simulated.Run(File, Start, Register("email"));

        run.Exit.ShouldBe(2);
        run.Error.ShouldNotBeNull().ShouldContain("Gateway_Channel");
        run.State.ShouldBe("""{"state":"running","active":["Task_RegisterTicket"]}""");
    }
}
