using CaseFlow.Testing;

namespace CaseFlow.Kernel.Tests;

[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public Task StopCluster() => TestCluster.StopAsync();
}
