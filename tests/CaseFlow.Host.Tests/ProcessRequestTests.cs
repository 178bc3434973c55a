using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Host.Tests;

public sealed class ProcessRequestTests
{
    private CaseFlowApp _app = null!;

    [OneTimeSetUp]
    public async Task Start() => _app = await CaseFlowApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_module_starts_reads_and_advances_a_process_by_business_key_through_the_mediator()
    {
        using var scope = _app.Services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();

        var started = await sender.Send(new StartProcess("immediate", "2026-IMM-1", new Dictionary<string, object?>()));
        var state = await sender.Send(new GetProcessState("2026-IMM-1"));
        var task = state!.OpenTasks.ShouldHaveSingleItem();
        var completed = await sender.Send(new CompleteProcessTask(started.InstanceId, task.TaskId, "clerk", "approve", null));
        var after = await sender.Send(new GetProcessState("2026-IMM-1"));

        started.Applied.ShouldBeTrue(started.Error);
        task.CandidateRole.ShouldBe("window-clerk");
        completed.Applied.ShouldBeTrue(completed.Error);
        after!.Status.ShouldBe("Completed");
        after.OpenTasks.ShouldBeEmpty();
    }

    [Test]
    public async Task A_business_key_without_a_process_reads_as_none_and_a_message_to_it_is_refused()
    {
        using var scope = _app.Services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();

        var state = await sender.Send(new GetProcessState("NO-SUCH-KEY"));
        var message = await sender.Send(new CorrelateProcessMessage("NO-SUCH-KEY", "supplementReceived", null));

        state.ShouldBeNull();
        message.Applied.ShouldBeFalse();
        message.Error.ShouldNotBeNullOrEmpty();
    }
}
