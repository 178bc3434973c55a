using CaseFlow.Testing;

[assembly: Parallelizable(ParallelScope.Fixtures)]

namespace CaseFlow.Supervision.Tests;

[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public Task StopCluster() => TestCluster.StopAsync();
}
