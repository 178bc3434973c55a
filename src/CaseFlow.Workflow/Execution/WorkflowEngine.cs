using CaseFlow.Workflow.Model;

namespace CaseFlow.Workflow.Execution;

/// <summary>Runs a service task's handler; the Host implements it by sending the handler's request through the mediator.</summary>
public interface IServiceTaskPort
{
    /// <summary>Runs the handler and returns variables to set on the case (or null for none).</summary>
    ValueTask<IReadOnlyDictionary<string, object?>?> InvokeAsync(InvokeServiceTask task, CancellationToken cancellationToken);
}

/// <summary>
/// The deterministic token engine: applying a trigger to a state gives the next state, the events that happened and
/// the commands for the outside. It keeps nothing between calls, so one instance serves every process instance.
/// </summary>
public sealed class WorkflowEngine(IWorkingCalendar? calendar = null)
{
    /// <summary>Service tasks one trigger may run through the port before it is refused as a loop.</summary>
    public const int MaxServiceTasksPerTrigger = 1000;

    private readonly IWorkingCalendar _calendar = calendar ?? new WorkingCalendar();

    /// <summary>Applies one trigger; state is null only for <see cref="StartInstance"/>.</summary>
    public TriggerResult Apply(ProcessDefinition definition, InstanceState? state, WorkflowTrigger trigger, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(trigger);
        return new TriggerRun(definition, state, now.ToUniversalTime(), _calendar).Apply(trigger);
    }

    /// <summary>
    /// Applies a trigger and then runs every service task it reaches through the port, applying each result, until
    /// all tokens wait for something outside. Invocations handled here are not returned as commands.
    /// </summary>
    public async ValueTask<TriggerResult> ApplyAsync(
        ProcessDefinition definition,
        InstanceState? state,
        WorkflowTrigger trigger,
        DateTimeOffset now,
        IServiceTaskPort port,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(port);
        var result = Apply(definition, state, trigger, now);
        if (!result.Applied)
        {
            return result;
        }

        var events = new List<WorkflowEvent>(result.Events);
        var commands = new List<WorkflowCommand>(result.Commands.Where(c => c is not InvokeServiceTask));
        var pending = new Queue<InvokeServiceTask>(result.Commands.OfType<InvokeServiceTask>());
        var current = result.State;
        for (var count = 0; pending.TryDequeue(out var invocation); count++)
        {
            if (count >= MaxServiceTasksPerTrigger)
            {
                return new TriggerResult(state, [], [], $"the trigger ran more than {MaxServiceTasksPerTrigger} service tasks without waiting; the process loops");
            }

            if (current is null || !current.Jobs.Any(j => j.Id == invocation.JobId))
            {
                // Cancelled meanwhile (an interrupting boundary event or a terminate end); nothing to report back.
                continue;
            }

            var variables = await port.InvokeAsync(invocation, cancellationToken);
            var next = Apply(definition, current, new CompleteServiceTask(invocation.JobId, variables), now);
            if (!next.Applied)
            {
                return new TriggerResult(state, [], [], next.Error);
            }

            current = next.State;
            events.AddRange(next.Events);
            commands.AddRange(next.Commands.Where(c => c is not InvokeServiceTask));
            foreach (var more in next.Commands.OfType<InvokeServiceTask>())
            {
                pending.Enqueue(more);
            }
        }

        // Tasks, timers created and then cancelled within this trigger need no command outside.
        return new TriggerResult(current, events, Net(commands));
    }

    internal static List<WorkflowCommand> Net(List<WorkflowCommand> commands)
    {
        var cancelledTasks = commands.OfType<CancelTask>().Select(c => c.TaskId).ToHashSet(StringComparer.Ordinal);
        var cancelledTimers = commands.OfType<CancelTimer>().Select(c => c.TimerId).ToHashSet(StringComparer.Ordinal);
        var createdTasks = commands.OfType<CreateTask>().Select(c => c.Task.Id).ToHashSet(StringComparer.Ordinal);
        var createdTimers = commands.OfType<ScheduleTimer>().Select(c => c.Timer.Id).ToHashSet(StringComparer.Ordinal);
        return commands.Where(c => c switch
        {
            CreateTask create => !cancelledTasks.Contains(create.Task.Id),
            CancelTask cancel => !createdTasks.Contains(cancel.TaskId),
            ScheduleTimer schedule => !cancelledTimers.Contains(schedule.Timer.Id),
            CancelTimer cancel => !createdTimers.Contains(cancel.TimerId),
            _ => true,
        }).ToList();
    }
}
