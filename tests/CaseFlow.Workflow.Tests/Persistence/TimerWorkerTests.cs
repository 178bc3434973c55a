using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static CaseFlow.Workflow.Tests.Support.Bpmn;

namespace CaseFlow.Workflow.Tests.Persistence;

public sealed class TimerWorkerTests : RuntimeFixture
{
    [Test]
    public async Task The_registered_worker_fires_due_timers_in_the_background()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(DataSource)
            .AddSingleton<TimeProvider>(Clock)
            .AddCaseFlowWorkflow(o => o.TimerPollInterval = TimeSpan.FromMilliseconds(20));
        await using var provider = services.BuildServiceProvider();
        var runtime = provider.GetRequiredService<WorkflowRuntime>();
        await runtime.DeployAsync(Document("""
            <startEvent id="start"/>
            <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT30M</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <endEvent id="end"/>
            """ + Chain("start", "wait", "end")).Replace("<process id=\"p\"", "<process id=\"worker\"", StringComparison.Ordinal));
        var started = await runtime.StartAsync("worker");
        var worker = provider.GetServices<IHostedService>().Single();
        Clock.Advance(TimeSpan.FromHours(1));

        await worker.StartAsync(CancellationToken.None);
        var status = started.Status;
        for (var i = 0; i < 200 && status != InstanceStatus.Completed; i++)
        {
            await Task.Delay(25);
            status = (await runtime.GetInstanceAsync(started.InstanceId))!.Status;
        }

        await worker.StopAsync(CancellationToken.None);

        status.ShouldBe(InstanceStatus.Completed);
        provider.GetServices<Kernel.Persistence.ModuleMigrations>().ShouldContain(m => m.Schema == "workflow");
    }
}
