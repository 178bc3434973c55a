using CaseFlow.Workflow.Model;
using CaseFlow.Workflow.Simulation;
using CaseFlow.Workflow.Tests.Rendering;

namespace CaseFlow.Workflow.Tests.Workflows;

/// <summary>Every process in workflows/ is deployed as is, so each must load without an error.</summary>
public sealed class WorkflowValidationTests
{
    [TestCaseSource(typeof(TestFiles), nameof(TestFiles.Workflows))]
    public void Every_workflow_passes_the_validate_command_with_exit_0_and_no_error_line(string fileName)
    {
        var output = new StringWriter();

        var exit = WorkflowCommands.Validate([Path.Combine(TestFiles.WorkflowsDirectory, fileName)], output);

        exit.ShouldBe(WorkflowCommands.Ran, output.ToString());
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(line => line.Contains(": warning: "));
    }

    [TestCaseSource(typeof(TestFiles), nameof(TestFiles.Workflows))]
    public void Every_workflow_loads_with_no_error_severity_problem_and_the_process_named_after_the_file(string fileName)
    {
        var result = BpmnLoader.LoadFile(Path.Combine(TestFiles.WorkflowsDirectory, fileName));

        result.Errors.ShouldBeEmpty(string.Join("\n", result.Problems));
        result.Definition.ShouldNotBeNull().Id.ShouldBe(Path.GetFileNameWithoutExtension(fileName));
    }

    [Test]
    public void The_validate_command_accepts_all_five_workflows_in_one_call()
    {
        var files = TestFiles.Workflows().Select(f => Path.Combine(TestFiles.WorkflowsDirectory, f)).ToList();
        var output = new StringWriter();

        var exit = WorkflowCommands.Validate(files, output);

        files.Count.ShouldBe(5);
        exit.ShouldBe(WorkflowCommands.Ran, output.ToString());
    }
}
