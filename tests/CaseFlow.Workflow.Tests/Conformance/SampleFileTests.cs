using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Model;
using CaseFlow.Workflow.Tests.Support;

namespace CaseFlow.Workflow.Tests.Conformance;

/// <summary>The real-modeler files of /work/shared/bpmn-samples (see MANIFEST.md there), copied unchanged into Samples/.</summary>
public sealed class SampleFileTests
{
    private static ProcessDefinition Load(string file)
    {
        var result = BpmnLoader.LoadFile(Bpmn.SamplePath(file));
        result.Errors.ShouldBeEmpty(string.Join("\n", result.Problems));
        return result.Definition!;
    }

    private static Run Run(string file) => new(Load(file));

    [TestCase("OUT-adonis-task.bpmn", "_16611", "task")]
    [TestCase("OUT-bonitasoft-import.bpmn", "Escallate", "endEvent")]
    [TestCase("OUT-c8-call-activity.bpmn", "CallActivity_1", "callActivity")]
    [TestCase("OUT-c8-inclusive-condition-default.bpmn", "Gateway_01wr5g0", "inclusiveGateway")]
    [TestCase("OUT-kitchen-sink.bpmn", "Task_1ank6jx", "scriptTask")]
    [TestCase("OUT-kitchen-sink.bpmn", "ExclusiveGateway_0w2zn42", "eventBasedGateway")]
    [TestCase("OUT-kitchen-sink.bpmn", "Task_0vcqxha", "callActivity")]
    [TestCase("OUT-paed01-mother-of-all.bpmn", "scriptTask1", "scriptTask")]
    [TestCase("OUT-paed01-mother-of-all.bpmn", "manyDecisions", "inclusiveGateway")]
    [TestCase("OUT-signavio-complex.bpmn", "sid-545B3227-D12A-43A8-B746-55E8C75F3A8A", "eventBasedGateway")]
    [TestCase("OUT-signavio-invoice.bpmn", "eventBasedGateway_62", "eventBasedGateway")]
    [TestCase("OUT-trisotech-pizza.bpmn", "_6-180", "eventBasedGateway")]
    public void An_out_of_subset_file_is_refused_naming_the_element_that_puts_it_outside(string file, string elementId, string elementType)
    {
        var result = BpmnLoader.LoadFile(Bpmn.SamplePath(file));

        result.Definition.ShouldBeNull();
        var problem = result.Errors.First(p => p.ElementId == elementId);
        problem.ElementType.ShouldBe(elementType);
        problem.Message.ShouldStartWith($"{elementType} '{elementId}' ");
        problem.Message.ShouldContain("not supported by CaseFlow");
        problem.Line.ShouldBeGreaterThan(1);
    }

    [Test]
    public void A_conditional_default_flow_on_a_user_task_is_refused_with_the_reason()
    {
        var result = BpmnLoader.LoadFile(Bpmn.SamplePath("ruoyi-leave2-exclusive-gateway.bpmn"));

        result.Definition.ShouldBeNull();
        result.Errors.ShouldContain(p => p.ElementId == "Activity_0r8rs5v" && p.Line == 12
            && p.Message.Contains("conditional and default flows out of activities are not supported by CaseFlow", StringComparison.Ordinal));
    }

    [Test]
    public void An_empty_multi_instance_in_non_executable_pools_is_refused_with_both_reasons()
    {
        var result = BpmnLoader.LoadFile(Bpmn.SamplePath("c7-modeler-complex-mi.bpmn"));

        result.Definition.ShouldBeNull();
        result.Errors.Select(p => p.Message).ShouldBe([
            "no executable process: every process is marked isExecutable=\"false\" ('Process_1', 'Process_0t66vem')",
            "subProcess 'SubProcess_0a2igx2' is multi-instance without a collection or loopCardinality: give caseflow:collection and caseflow:elementVariable",
        ]);
    }

    [Test]
    public void A_flowable_collection_handler_class_is_refused_with_the_reason()
    {
        var result = BpmnLoader.LoadFile(Bpmn.SamplePath("flowable-mi-model.bpmn"));

        var problem = result.Errors.ShouldHaveSingleItem();
        problem.ElementId.ShouldBe("userTask1");
        problem.Message.ShouldContain("JSONCollectionHandler), which CaseFlow cannot run: give caseflow:collection");
    }

    [Test]
    public void Chinese_labels_survive_loading()
    {
        var run = Run("activiti-chinese-usertask.bpmn");

        run.Start();
        var name = run.State.Tasks.Single().Name;
        run.Complete("sid-8FD9BE8E-3040-496B-8F0D-FAC03E245A56");

        name.ShouldBe("中文名称去");
        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void Activiti_designer_juel_conditions_route_the_tweet()
    {
        var run = Run("activiti-designer-exclusive.bpmn");

        run.Start();
        run.Complete("Review_Tweet_3", variables: Support.Run.Vars(("approved", true)));

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Services!.Calls.Select(c => c.ElementId).ShouldBe(["Publish_on_Twitter_3"]);
    }

    [Test]
    public void Terminate_inside_a_multi_instance_subprocess_ends_only_that_instance()
    {
        var run = Run("alfresco-mi-subprocess-terminate.bpmn");
        run.Start(Support.Run.Vars(("myVar", "toEnd")));
        run.Complete("sid-B161E889-7428-4E8C-9229-82488ABF05E1");
        var parallel = run.Tasks("sid-CF33823F-7523-4995-BFBE-8D529CB22AA4").Count;

        for (var i = 0; i < 8; i++)
        {
            run.Complete("sid-CF33823F-7523-4995-BFBE-8D529CB22AA4");
        }

        parallel.ShouldBe(8);
        run.Active.ShouldBe(["sid-C6A98E48-A2F6-46CB-A738-EF8323DECDDF"]);
        run.Status.ShouldBe(InstanceStatus.Running);
    }

    [Test]
    public void A_bpmn_io_subprocess_without_start_event_runs()
    {
        var run = Run("bpmnjs-demo-subprocess.bpmn");

        run.Start();
        foreach (var task in new[] { "Activity_1bpb168", "Activity_0xqu0xt", "Activity_0c0569x", "Activity_09fprjg" })
        {
            run.Complete(task);
        }

        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void Camunda_loan_granting_runs_a_multi_instance_subprocess_per_credit_score()
    {
        var result = BpmnLoader.LoadFile(Bpmn.SamplePath("c7-loan-granting-mi-subprocess.bpmn"));
        var run = new Run(result.Definition!);

        run.Start(Support.Run.Vars(("creditScores", new[] { 7, 3, 9 })));

        result.Problems.Single(p => p.Severity == ProblemSeverity.Warning && p.ElementId == "StartEvent_1").Message.ShouldContain("timer start event");
        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Services!.Calls.Select(c => c.ElementId).Order().ShouldBe(["Task_0j0sjlk", "Task_0v4gadf", "Task_0v4gadf", "Task_1lvjtd4"]);
    }

    [Test]
    public void Camunda_message_start_starts_by_its_message()
    {
        var run = Run("c7-message-start.bpmn");

        run.Start(message: "instantiationMessage");

        run.Active.ShouldBe(["UserTask_1"]);
    }

    [Test]
    public void Camunda_sequential_multi_instance_subprocess_takes_a_plain_variable_name_as_collection()
    {
        var run = Run("c7-seq-mi-subprocess.bpmn");

        run.Start(Support.Run.Vars(("orderItems", new[] { "tea", "rice", "salt" })));

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Services!.Calls.Select(c => c.Variables["orderItem"]!.ToString()).ShouldBe(["tea", "rice", "salt"]);
    }

    [TestCase(0, "task-a")]
    [TestCase(5, "task-a")]
    [TestCase(-1, "task-default")]
    public void Feel_conditions_overlap_and_the_first_match_in_document_order_wins(int price, string expected)
    {
        var run = Run("c8-exclusive-default-overlap.bpmn");

        run.Start(Support.Run.Vars(("price", price)));

        run.Services!.Calls.Single().ElementId.ShouldBe(expected);
        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void Zeebe_message_catch_in_parallel_waits_for_the_message()
    {
        var run = Run("c8-message-catch-parallel.bpmn");

        run.Start();
        var waiting = run.Active;
        run.Message("event-1");

        waiting.ShouldContain("event-1");
        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void Zeebe_user_tasks_in_parallel_all_complete()
    {
        var run = Run("c8-usertasks-parallel.bpmn");

        run.Start();
        var first = run.Active;
        while (run.State.Tasks.Count > 0)
        {
            run.Complete(run.State.Tasks[0].ElementId);
        }

        first.ShouldBe(["assignee-task1", "assignee-task2"]);
        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Of(WorkflowEventKind.TaskCompleted).Count.ShouldBe(4);
    }

    [Test]
    public void Zeebe_loop_characteristics_give_collection_and_element()
    {
        var run = Run("c8-zeebe-modeler-mi-servicetask.bpmn");

        run.Start(Support.Run.Vars(("inputs", new[] { "a", "b" })));

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Services!.Calls.Select(c => c.Variables["input"]!.ToString()).ShouldBe(["a", "b"]);
    }

    [Test]
    public void Flowable_listeners_are_ignored_and_the_tasks_run()
    {
        var run = Run("flowable-modeler-listener-usertask.bpmn");

        run.Start();
        run.Complete("sid-5C3D68E7-1D85-43C6-8395-EC625DB7DE07");
        run.Complete("sid-5228C746-FE0B-407A-AE17-7DA540271C46");

        run.Status.ShouldBe(InstanceStatus.Completed);
    }

    [Test]
    public void A_join_fed_by_a_task_and_its_interrupting_timer_is_flagged_and_waits_predictably()
    {
        var result = BpmnLoader.LoadFile(Bpmn.SamplePath("paed01-boundary-timeout.bpmn"));
        var run = new Run(result.Definition!);

        run.Start();
        run.Advance(TimeSpan.FromSeconds(1));

        result.Problems.ShouldHaveSingleItem().Severity.ShouldBe(ProblemSeverity.Warning);
        run.Status.ShouldBe(InstanceStatus.Running);
        run.Active.ShouldBe(["join"]);
        run.State.Tasks.ShouldBeEmpty();
    }

    [Test]
    public void RuoYi_countersign_runs_sequential_then_parallel_multi_instance()
    {
        var run = Run("ruoyi-leave5-huiqian-countersign.bpmn");
        run.Start(Support.Run.Vars(("userList", new[] { "1", "2" }), ("userList2", new[] { "3", "4", "5" })));

        var steps = 0;
        while (run.State.Tasks.Count > 0 && steps++ < 20)
        {
            run.Complete(run.State.Tasks[0].ElementId);
        }

        run.Status.ShouldBe(InstanceStatus.Completed);
        run.Of(WorkflowEventKind.TaskCompleted).Count.ShouldBe(1 + 2 + 3 + 1);
    }

    [Test]
    public void Every_sample_file_is_covered_by_a_test()
    {
        var files = Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples"), "*.bpmn").Select(Path.GetFileName);

        files.Count().ShouldBe(26);
        foreach (var file in files)
        {
            var result = BpmnLoader.LoadFile(Bpmn.SamplePath(file!));
            (result.IsValid || result.Errors.Any()).ShouldBeTrue();
        }
    }
}
