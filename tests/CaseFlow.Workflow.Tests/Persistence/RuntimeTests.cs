using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Persistence;
using static CaseFlow.Workflow.Tests.Support.Bpmn;

namespace CaseFlow.Workflow.Tests.Persistence;

public sealed class RuntimeTests : RuntimeFixture
{
    private static string Process(string id, string body) => Document(body).Replace("<process id=\"p\"", $"<process id=\"{id}\"", StringComparison.Ordinal);

    private static string Branches(string id, int count)
    {
        var body = """<startEvent id="start"/><parallelGateway id="fork"/><parallelGateway id="join"/><userTask id="after"/>""" + Chain("start", "fork") + Chain("join", "after");
        for (var i = 0; i < count; i++)
        {
            body += $"""<userTask id="branch{i}"/>""" + Chain("fork", $"branch{i}", "join");
        }

        return Process(id, body);
    }

    private static string TimerProcess(string id) => Process(id, """
        <startEvent id="start"/>
        <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
        <userTask id="after"/>
        """ + Chain("start", "wait", "after"));

    [Test]
    public async Task The_migration_is_an_embedded_resource_of_the_workflow_assembly()
    {
        var names = typeof(WorkflowRuntime).Assembly.GetManifestResourceNames();

        names.ShouldContain("CaseFlow.Workflow.Migrations.0001_workflow_runtime.sql");
        (await ScalarAsync("SELECT count(*) FROM workflow.schema_migrations")).ShouldBe(1);
    }

    [Test]
    public async Task Deploying_the_same_content_gives_the_same_version_and_new_content_a_new_one()
    {
        var runtime = NewRuntime();
        var first = Process("deployed", """<startEvent id="start"/><endEvent id="end"/>""" + Chain("start", "end"));
        var second = first.Replace("<endEvent id=\"end\"/>", "<endEvent id=\"end\" name=\"Done\"/>", StringComparison.Ordinal);

        var a = await runtime.DeployAsync(first);
        var again = await runtime.DeployAsync(first);
        var b = await runtime.DeployAsync(second);
        var invalid = await runtime.DeployAsync(Process("bad", """<startEvent id="start"/><scriptTask id="s"/>""" + Chain("start", "s")));

        a.Definition.ShouldBe(new DeployedDefinition("deployed", 1, a.Definition!.ContentHash, null, true));
        again.Definition!.Version.ShouldBe(1);
        again.Definition.IsNew.ShouldBeFalse();
        b.Definition!.Version.ShouldBe(2);
        invalid.Definition.ShouldBeNull();
        invalid.Problems.ShouldHaveSingleItem().ElementId.ShouldBe("s");
    }

    [Test]
    public async Task An_instance_keeps_the_version_it_started_on()
    {
        var runtime = NewRuntime();
        var v1 = Process("versioned", """<startEvent id="start"/><userTask id="old"/><endEvent id="end"/>""" + Chain("start", "old", "end"));
        await runtime.DeployAsync(v1);
        var started = await runtime.StartAsync("versioned");
        await runtime.DeployAsync(v1.Replace("\"old\"", "\"new\"", StringComparison.Ordinal));

        var task = (await runtime.QueryTasksAsync(new TaskQuery())).Items.Single(t => t.InstanceId == started.InstanceId);
        var completed = await runtime.CompleteTaskAsync(started.InstanceId, task.TaskId, "clerk-1", "done");

        task.ElementId.ShouldBe("old");
        completed.Status.ShouldBe(InstanceStatus.Completed);
        (await runtime.GetInstanceAsync(started.InstanceId))!.DefinitionVersion.ShouldBe(1);
        var history = await runtime.GetHistoryAsync(started.InstanceId);
        history.ShouldContain(h => h.Kind == "TaskCompleted" && h.Actor == "clerk-1" && h.Outcome == "done");
        history.Select(h => h.Kind).ShouldContain("Completed");
    }

    [Test]
    public async Task Fifty_concurrent_completions_of_a_parallel_join_continue_exactly_once()
    {
        var runtime = NewRuntime();
        await runtime.DeployAsync(Branches("fifty", 50));
        var started = await runtime.StartAsync("fifty");
        var tasks = (await runtime.QueryTasksAsync(new TaskQuery(PageSize: 100))).Items.Where(t => t.InstanceId == started.InstanceId).ToList();

        var outcomes = await Task.WhenAll(tasks.Select(t => Task.Run(() => runtime.CompleteTaskAsync(started.InstanceId, t.TaskId, "clerk"))));

        tasks.Count.ShouldBe(50);
        outcomes.ShouldAllBe(o => o.Applied);
        outcomes.Select(o => o.Version).Distinct().Count().ShouldBe(50);
        var instance = (await runtime.GetInstanceAsync(started.InstanceId))!;
        instance.ActiveElements.ShouldBe(["after"]);
        instance.State.Tasks.Count.ShouldBe(1);
        (await ScalarAsync("SELECT count(*) FROM workflow.user_tasks WHERE instance_id = $1", started.InstanceId)).ShouldBe(1);
        (await ScalarAsync("SELECT count(*) FROM workflow.history WHERE instance_id = $1 AND kind = 'Left' AND element_id = 'join'", started.InstanceId)).ShouldBe(1);
    }

    [Test]
    public async Task A_repeated_idempotency_key_returns_the_first_result_and_has_no_second_effect()
    {
        var runtime = NewRuntime();
        await runtime.DeployAsync(Branches("idempotent", 2));
        var started = await runtime.StartAsync("idempotent", idempotencyKey: "start-case-1");
        var startedAgain = await runtime.StartAsync("idempotent", idempotencyKey: "start-case-1");
        var task = (await runtime.QueryTasksAsync(new TaskQuery())).Items.First(t => t.InstanceId == started.InstanceId);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            runtime.CompleteTaskAsync(started.InstanceId, task.TaskId, "clerk", idempotencyKey: "complete-1"))));

        startedAgain.InstanceId.ShouldBe(started.InstanceId);
        startedAgain.Duplicate.ShouldBeTrue();
        (await ScalarAsync("SELECT count(*) FROM workflow.instances WHERE definition_key = 'idempotent'")).ShouldBe(1);
        results.Count(r => !r.Duplicate).ShouldBe(1);
        results.ShouldAllBe(r => r.Applied && r.Version == results[0].Version);
        (await ScalarAsync("SELECT count(*) FROM workflow.history WHERE instance_id = $1 AND kind = 'TaskCompleted'", started.InstanceId)).ShouldBe(1);
    }

    [Test]
    public async Task A_refused_trigger_changes_nothing_and_says_why()
    {
        var runtime = NewRuntime();
        await runtime.DeployAsync(Branches("refused", 2));
        var started = await runtime.StartAsync("refused");

        var outcome = await runtime.CompleteTaskAsync(started.InstanceId, "task-999", "clerk", idempotencyKey: "bad-1");
        var missing = await runtime.StartAsync("never-deployed");

        outcome.Applied.ShouldBeFalse();
        outcome.Error.ShouldBe("there is no open task 'task-999'");
        outcome.Version.ShouldBe(1);
        missing.Error.ShouldBe("no definition 'never-deployed' is deployed");
        (await ScalarAsync("SELECT count(*) FROM workflow.processed_triggers WHERE idempotency_key = 'bad-1'")).ShouldBe(0);
    }

    [Test]
    public async Task A_timer_that_came_due_while_no_worker_ran_fires_once_at_the_next_sweep()
    {
        var runtime = NewRuntime();
        await runtime.DeployAsync(TimerProcess("downtime"));
        var started = await runtime.StartAsync("downtime");
        Clock.Advance(TimeSpan.FromHours(5));

        var first = await runtime.FireDueTimersAsync();
        var second = await runtime.FireDueTimersAsync();

        first.ShouldBeGreaterThanOrEqualTo(1);
        second.ShouldBe(0);
        (await runtime.GetInstanceAsync(started.InstanceId))!.ActiveElements.ShouldBe(["after"]);
        (await ScalarAsync("SELECT count(*) FROM workflow.history WHERE instance_id = $1 AND kind = 'TimerFired'", started.InstanceId)).ShouldBe(1);
        (await ScalarAsync("SELECT count(*) FROM workflow.timers WHERE instance_id = $1", started.InstanceId)).ShouldBe(0);
    }

    [Test]
    public async Task Two_workers_never_fire_one_timer_twice()
    {
        var runtime = NewRuntime();
        await runtime.DeployAsync(TimerProcess("shared-timers"));
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await runtime.StartAsync("shared-timers")).InstanceId);
        }

        Clock.Advance(TimeSpan.FromHours(2));
        var workers = new[] { NewRuntime(timerBatchSize: 7), NewRuntime(timerBatchSize: 7) };

        var handled = await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            var total = 0;
            for (var sweeps = 0; sweeps < 50; sweeps++)
            {
                total += await w.FireDueTimersAsync();
            }

            return total;
        })));

        handled.Sum().ShouldBeGreaterThanOrEqualTo(40);
        (await ScalarAsync("SELECT count(*) FROM workflow.history WHERE instance_id = ANY($1) AND kind = 'TimerFired'", ids.ToArray())).ShouldBe(40);
        (await ScalarAsync("SELECT count(*) FROM workflow.timers WHERE instance_id = ANY($1)", ids.ToArray())).ShouldBe(0);
        (await ScalarAsync("SELECT count(*) FROM workflow.user_tasks WHERE instance_id = ANY($1)", ids.ToArray())).ShouldBe(40);
    }

    [Test]
    public async Task Open_tasks_are_queried_by_role_and_paged_by_due_date()
    {
        var runtime = NewRuntime();
        await runtime.DeployAsync(Process("inbox", """
            <startEvent id="start"/>
            <userTask id="review" caseflow:candidateRole="'inbox-approver'" caseflow:candidateDepartment="department" caseflow:dueWorkingDays="days"/>
            """ + Chain("start", "review")));
        for (var days = 5; days >= 1; days--)
        {
            await runtime.StartAsync("inbox", new Dictionary<string, object?> { ["days"] = days, ["department"] = days % 2 == 0 ? "fire" : "planning" });
        }

        var first = await runtime.QueryTasksAsync(new TaskQuery(CandidateRole: "inbox-approver", PageSize: 2));
        var second = await runtime.QueryTasksAsync(new TaskQuery(CandidateRole: "inbox-approver", PageSize: 2, After: first.NextCursor));
        var third = await runtime.QueryTasksAsync(new TaskQuery(CandidateRole: "inbox-approver", PageSize: 2, After: second.NextCursor));
        var fire = await runtime.QueryTasksAsync(new TaskQuery(CandidateRole: "inbox-approver", CandidateDepartment: "fire"));

        var all = first.Items.Concat(second.Items).Concat(third.Items).ToList();
        all.Count.ShouldBe(5);
        all.Select(t => t.DueAt).ShouldBeInOrder();
        third.NextCursor.ShouldBeNull();
        fire.Items.Count.ShouldBe(2);
    }

    [Test]
    public async Task A_message_reaches_the_instance_by_its_business_key()
    {
        var runtime = NewRuntime();
        await runtime.DeployAsync(Process("supplement", """
            <startEvent id="start"/>
            <intermediateCatchEvent id="wait" caseflow:pausesClock="true"><messageEventDefinition messageRef="m"/></intermediateCatchEvent>
            <userTask id="recheck"/>
            """ + Chain("start", "wait", "recheck")).Replace("<process", """<message id="m" name="materialsSupplemented"/><process""", StringComparison.Ordinal));
        var started = await runtime.StartAsync("supplement", businessKey: "ZJ-2026-000123");
        var paused = (await runtime.GetInstanceAsync(started.InstanceId))!.State.ClockPaused;

        var outcome = await runtime.CorrelateMessageAsync("ZJ-2026-000123", "materialsSupplemented", new Dictionary<string, object?> { ["pages"] = 4 });

        paused.ShouldBeTrue();
        outcome.ActiveElements.ShouldBe(["recheck"]);
        var instance = (await runtime.GetInstanceAsync(started.InstanceId))!;
        instance.State.ClockPaused.ShouldBeFalse();
        instance.State.Variables["pages"].GetInt32().ShouldBe(4);
    }

    [Test]
    public async Task A_failing_service_task_after_a_timer_is_retried_later_without_stopping_the_sweep()
    {
        var port = new Support.RecordingPort();
        port.Handlers["boom"] = _ => throw new InvalidOperationException("the registry is down");
        var runtime = NewRuntime(port: port);
        await runtime.DeployAsync(Process("failing-after-timer", """
            <startEvent id="start"/>
            <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
            <serviceTask id="call" caseflow:handler="boom"/><endEvent id="end"/>
            """ + Chain("start", "wait", "call", "end")));
        await runtime.DeployAsync(TimerProcess("fine-after-timer"));
        var failing = await runtime.StartAsync("failing-after-timer");
        var fine = await runtime.StartAsync("fine-after-timer");
        Clock.Advance(TimeSpan.FromHours(2));

        await runtime.FireDueTimersAsync();

        (await runtime.GetInstanceAsync(fine.InstanceId))!.ActiveElements.ShouldBe(["after"]);
        (await runtime.GetInstanceAsync(failing.InstanceId))!.ActiveElements.ShouldBe(["wait"]);
        (await ScalarAsync("SELECT attempts FROM workflow.timers WHERE instance_id = $1 AND last_error = 'the registry is down'", failing.InstanceId)).ShouldBe(1);
    }
}
