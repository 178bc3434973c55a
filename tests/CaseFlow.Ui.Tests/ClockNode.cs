using CaseFlow.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CaseFlow.Ui.Tests;

/// <summary>
/// A second Host node, in this process, on the browser's Host's database, whose clock the test moves: its alert
/// scheduler raises the alerts the moved clock makes due, and the browser's node hears of them through PostgreSQL
/// (LISTEN/NOTIFY), as a node of a real deployment would. Only its alert scheduler works in the future: workflow
/// timers and recurring jobs stay with the browser's node, on the real clock.
/// </summary>
internal sealed class ClockNode(string connectionString) : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:CaseFlow", connectionString);
        builder.UseSetting("CaseFlow:RecurringJobs:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var timers in services.Where(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType?.Name == "WorkflowTimerWorker").ToList())
            {
                services.Remove(timers);
            }
        });
    }
}
