using CaseFlow.Kernel.Time;
using CaseFlow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Kernel.Tests.Time;

public sealed class SeedClockTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_container_wraps_the_clock_registered_last_so_a_test_hosts_fake_clock_is_still_the_one_read()
    {
        var fake = new FakeTimeProvider(Monday);
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSingleton<TimeProvider>(fake);
        var factory = new ShiftableClockProviderFactory(new ServiceProviderOptions());

        using var provider = (ServiceProvider)factory.CreateServiceProvider(factory.CreateBuilder(services));
        var time = provider.GetRequiredService<TimeProvider>();

        time.ShouldBeOfType<ShiftableTimeProvider>().Inner.ShouldBeSameAs(fake);
        provider.GetServices<TimeProvider>().Count().ShouldBe(1);
        time.GetUtcNow().ShouldBe(Monday);
        fake.Advance(TimeSpan.FromHours(1));
        time.GetUtcNow().ShouldBe(Monday.AddHours(1));
    }

    [Test]
    public async Task A_seed_clock_moves_the_time_of_its_own_flow_only_and_time_runs_on_from_there()
    {
        var fake = new FakeTimeProvider(Monday);
        var time = new ShiftableTimeProvider(fake);
        var tenDaysAgo = Monday.AddDays(-10);
        var release = new TaskCompletionSource();
        var otherFlow = Task.Run(async () =>
        {
            await release.Task;
            return time.GetUtcNow();
        });

        DateTimeOffset inside, later, awaited;
        using (var clock = SeedClock.Begin(time))
        {
            clock.MoveTo(tenDaysAgo);
            inside = time.GetUtcNow();
            fake.Advance(TimeSpan.FromMinutes(5));
            later = time.GetUtcNow();
            awaited = await Task.Run(time.GetUtcNow);
            release.SetResult();
            (await otherFlow).ShouldBe(Monday.AddMinutes(5), "a flow started before the seed clock keeps the real time");
        }

        inside.ShouldBe(tenDaysAgo);
        later.ShouldBe(tenDaysAgo.AddMinutes(5));
        awaited.ShouldBe(later, "work the seed awaits reads the seed's time");
        time.GetUtcNow().ShouldBe(Monday.AddMinutes(5), "closing the seed clock gives the flow back the real time");
    }
}
