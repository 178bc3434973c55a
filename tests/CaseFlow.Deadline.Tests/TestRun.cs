using CaseFlow.Testing;

[assembly: Parallelizable(ParallelScope.Fixtures)]

namespace CaseFlow.Deadline.Tests;

[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public Task StopCluster() => TestCluster.StopAsync();
}
