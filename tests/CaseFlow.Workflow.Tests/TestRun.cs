using CaseFlow.Testing;

namespace CaseFlow.Workflow.Tests;

[SetUpFixture]
public sealed class TestRun
{
    [OneTimeTearDown]
    public Task StopCluster() => TestCluster.StopAsync();
}
