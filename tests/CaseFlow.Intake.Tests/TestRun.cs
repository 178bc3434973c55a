using CaseFlow.Testing;

[assembly: Parallelizable(ParallelScope.Fixtures)]

namespace CaseFlow.Intake.Tests;

[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public Task StopCluster() => TestCluster.StopAsync();
}
