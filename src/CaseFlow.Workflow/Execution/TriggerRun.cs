using System.Globalization;
using System.Text.Json;
using CaseFlow.Workflow.Expressions;
using CaseFlow.Workflow.Model;

namespace CaseFlow.Workflow.Execution;

/// <summary>
/// One trigger applied to a copy of an instance's state. Tokens that move are queued and run one at a time, in
/// order, until every token waits (a user task, a timer, a message, a service task, a join), so the same trigger on
/// the same state always gives the same result.
/// </summary>
internal sealed class TriggerRun
{
    /// <summary>Element executions one trigger may do; a process that loops through gateways without waiting is stopped.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>Instances one multi-instance activity may have, so a wrong collection cannot flood the task list.</summary>
    public const int MaxInstances = 1000;

    private readonly ProcessDefinition _definition;
    private readonly InstanceState? _original;
    private readonly DateTimeOffset _now;
    private readonly IWorkingCalendar _calendar;
    private readonly Queue<string> _queue = new();
    private readonly List<WorkflowEvent> _events = [];
    private readonly List<WorkflowCommand> _commands = [];
    private InstanceState _state = null!;

    public TriggerRun(ProcessDefinition definition, InstanceState? state, DateTimeOffset now, IWorkingCalendar calendar)
    {
        _definition = definition;
        _original = state;
        _now = now;
        _calendar = calendar;
    }

    public TriggerResult Apply(WorkflowTrigger trigger)
    {
        if (trigger is StartInstance start)
        {
            if (_original is not null)
            {
                return Refuse("the instance has already started");
            }
        }
        else if (_original is null)
        {
            return Refuse("the instance has not started");
        }
        else if (_original.Status != InstanceStatus.Running)
        {
            return Refuse($"the instance is {_original.Status.ToString().ToLowerInvariant()}");
        }
        else if (_original.ProcessId != _definition.Id)
        {
            return Refuse($"the instance runs process '{_original.ProcessId}', not '{_definition.Id}'");
        }

        try
        {
            var wasPaused = _original?.ClockPaused ?? false;
            switch (trigger)
            {
                case StartInstance s:
                    Start(s);
                    break;
                case CompleteUserTask c:
                    _state = _original!.Copy();
                    CompleteTask(c);
                    break;
                case CorrelateMessage m:
                    _state = _original!.Copy();
                    Correlate(m);
                    break;
                case FireTimer f:
                    _state = _original!.Copy();
                    Fire(f);
                    break;
                case CompleteServiceTask j:
                    _state = _original!.Copy();
                    CompleteJob(j);
                    break;
                default:
                    return Refuse($"unknown trigger {trigger.GetType().Name}");
            }

            Drain();
            UpdateClock(wasPaused);
            return new TriggerResult(_state, _events, WorkflowEngine.Net(_commands));
        }
        catch (StepFailure failure)
        {
            return Refuse(failure.Message);
        }
    }

    private TriggerResult Refuse(string error) => new(_original, [], [], error);

    private void Start(StartInstance trigger)
    {
        var startable = _definition.StartEvents;
        FlowElement? start;
        if (trigger.MessageName is not null)
        {
            start = startable.FirstOrDefault(e => e.Trigger == EventTrigger.Message && e.MessageName == trigger.MessageName)
                ?? throw new StepFailure($"no start event of process '{_definition.Id}' starts on message '{trigger.MessageName}'");
        }
        else
        {
            // A start by command takes the none start event (or a timer start, whose schedule the Host runs). A process
            // that only starts by one message may also be started directly, as if that message had arrived.
            start = startable.FirstOrDefault(e => e.Trigger == EventTrigger.None)
                ?? startable.FirstOrDefault(e => e.Trigger == EventTrigger.Timer)
                ?? (startable.Count == 1 ? startable[0] : throw new StepFailure($"process '{_definition.Id}' has no none start event; start it by one of its messages"));
        }

        _state = new InstanceState { ProcessId = _definition.Id, Status = InstanceStatus.Running, StartedAt = _now };
        _state.Scopes.Add(new ScopeState(InstanceState.RootScopeId, ScopeKind.Process, _definition.Id, null, null));
        SetVariables(trigger.Variables);
        if (start.Trigger == EventTrigger.Message)
        {
            _events.Add(new WorkflowEvent(WorkflowEventKind.MessageCorrelated, start.Id, _now));
        }

        Enqueue(NewToken(start.Id, InstanceState.RootScopeId, null));
    }

    private void CompleteTask(CompleteUserTask trigger)
    {
        var task = _state.Tasks.FirstOrDefault(t => t.Id == trigger.TaskId)
            ?? throw new StepFailure($"there is no open task '{trigger.TaskId}'");
        _state.Tasks.Remove(task);
        _events.Add(new WorkflowEvent(WorkflowEventKind.TaskCompleted, task.ElementId, _now, task.TokenId, task.Id,
            Actor: trigger.Actor, Outcome: trigger.Outcome, PausesClock: task.PausesClock));
        SetVariables(trigger.Variables);
        if (trigger.Outcome is not null)
        {
            // Conditions after a decision read it as the variable 'outcome' (outcome == "approve").
            _state.Variables["outcome"] = Values.ToJson(trigger.Outcome);
        }

        CompleteActivity(Token(task.TokenId));
    }

    private void Correlate(CorrelateMessage trigger)
    {
        var subscription = _state.Subscriptions.FirstOrDefault(s => s.MessageName == trigger.MessageName)
            ?? throw new StepFailure($"nothing in the instance waits for message '{trigger.MessageName}'");
        _state.Subscriptions.Remove(subscription);
        _events.Add(new WorkflowEvent(WorkflowEventKind.MessageCorrelated, subscription.ElementId, _now, subscription.TokenId));
        SetVariables(trigger.Variables);
        Catch(_definition.Element(subscription.ElementId), Token(subscription.TokenId));
    }

    private void Fire(FireTimer trigger)
    {
        var timer = _state.Timers.FirstOrDefault(t => t.Id == trigger.TimerId)
            ?? throw new StepFailure($"there is no pending timer '{trigger.TimerId}'");
        _state.Timers.Remove(timer);
        _events.Add(new WorkflowEvent(WorkflowEventKind.TimerFired, timer.ElementId, _now, timer.TokenId, TimerId: timer.Id));
        Catch(_definition.Element(timer.ElementId), Token(timer.TokenId));
    }

    private void CompleteJob(CompleteServiceTask trigger)
    {
        var job = _state.Jobs.FirstOrDefault(j => j.Id == trigger.JobId)
            ?? throw new StepFailure($"there is no running service task '{trigger.JobId}'");
        _state.Jobs.Remove(job);
        SetVariables(trigger.Variables);
        CompleteActivity(Token(job.TokenId));
    }

    /// <summary>A timer or message arrived for a catch event (its token moves on) or a boundary event (of the activity's token).</summary>
    private void Catch(FlowElement element, TokenState token)
    {
        if (element.Kind != ElementKind.BoundaryEvent)
        {
            Leave(token, element.Outgoing);
            return;
        }

        if (element.CancelActivity)
        {
            CancelToken(token);
        }

        Enqueue(NewToken(element.Id, token.ScopeId, null));
    }

    private void Drain()
    {
        for (var steps = 0; _queue.TryDequeue(out var tokenId); steps++)
        {
            if (steps >= MaxSteps)
            {
                throw new StepFailure($"the trigger ran more than {MaxSteps} steps without waiting; the process loops");
            }

            // A queued token may have been cancelled meanwhile (terminate end, interrupting event, completion condition).
            var token = _state.Tokens.FirstOrDefault(t => t.Id == tokenId);
            if (token is not null)
            {
                Execute(token);
            }
        }
    }

    private void Execute(TokenState token)
    {
        var element = _definition.Element(token.ElementId);
        _events.Add(new WorkflowEvent(WorkflowEventKind.Entered, element.Id, _now, token.Id, PausesClock: element.PausesClock));
        switch (element.Kind)
        {
            case ElementKind.StartEvent:
            case ElementKind.BoundaryEvent:
                Leave(token, element.Outgoing);
                break;
            case ElementKind.EndEvent:
                _events.Add(new WorkflowEvent(WorkflowEventKind.Left, element.Id, _now, token.Id));
                RemoveToken(token);
                if (element.Trigger == EventTrigger.Terminate)
                {
                    Terminate(token.ScopeId);
                }
                else
                {
                    CheckScopeDone(token.ScopeId);
                }

                break;
            case ElementKind.ExclusiveGateway:
                Leave(token, [Choose(element, token)]);
                break;
            case ElementKind.ParallelGateway:
                Join(element, token);
                break;
            case ElementKind.IntermediateCatchEvent:
                Wait(element, token, token);
                break;
            default:
                if (element.MultiInstance is not null && !IsInner(token))
                {
                    SubscribeBoundaries(element, token);
                    StartMultiInstance(element, token);
                }
                else
                {
                    if (!IsInner(token))
                    {
                        SubscribeBoundaries(element, token);
                    }

                    RunActivity(element, token);
                }

                break;
        }
    }

    private SequenceFlow Choose(FlowElement gateway, TokenState token)
    {
        // First true condition in document order, then the default flow. An unconditional flow is only valid as the
        // gateway's single outgoing flow (a merge), so it is simply taken.
        foreach (var flow in gateway.Outgoing.Where(f => f.Id != gateway.DefaultFlowId))
        {
            if (flow.Condition is null)
            {
                return flow;
            }

            var value = Evaluate(flow.Condition, token.ScopeId, $"the condition of flow '{flow.Id}'");
            if (value is not bool matched)
            {
                throw new StepFailure($"the condition of flow '{flow.Id}' ('{flow.Condition}') gave {Values.Describe(value)}, not true or false");
            }

            if (matched)
            {
                return flow;
            }
        }

        return gateway.DefaultFlowId is { } defaultId
            ? _definition.Flows[defaultId]
            : throw new StepFailure($"exclusiveGateway '{gateway.Id}': no condition is true and there is no default flow");
    }

    /// <summary>A parallel gateway fires once a token has arrived by every incoming flow, within the same scope.</summary>
    private void Join(FlowElement gateway, TokenState token)
    {
        if (gateway.Incoming.Count <= 1)
        {
            Leave(token, gateway.Outgoing);
            return;
        }

        var waiting = _state.Tokens.Where(t => t.ElementId == gateway.Id && t.ScopeId == token.ScopeId).ToList();
        var consumed = new List<TokenState>();
        foreach (var flow in gateway.Incoming)
        {
            var arrived = waiting.FirstOrDefault(t => t.ArrivedVia == flow.Id && !consumed.Contains(t));
            if (arrived is null)
            {
                return;
            }

            consumed.Add(arrived);
        }

        foreach (var arrived in consumed)
        {
            RemoveToken(arrived);
        }

        _events.Add(new WorkflowEvent(WorkflowEventKind.Left, gateway.Id, _now, token.Id));
        Continue(gateway.Outgoing, token.ScopeId, null);
    }

    private void RunActivity(FlowElement element, TokenState token)
    {
        switch (element.Kind)
        {
            case ElementKind.UserTask:
                var task = new UserTaskState(
                    NextId("task-"),
                    element.Id,
                    element.Name,
                    token.Id,
                    _now,
                    Text(element.Assignee, token, element, "caseflow:assignee"),
                    Text(element.CandidateRole, token, element, "caseflow:candidateRole"),
                    Text(element.CandidateDepartment, token, element, "caseflow:candidateDepartment"),
                    element.DueWorkingDays is null ? null : DueAt(element, token),
                    element.PausesClock,
                    LoopCounter(token));
                _state.Tasks.Add(task);
                _commands.Add(new CreateTask(task));
                _events.Add(new WorkflowEvent(WorkflowEventKind.TaskCreated, element.Id, _now, token.Id, task.Id, PausesClock: element.PausesClock));
                break;
            case ElementKind.ServiceTask:
                var job = new ServiceJobState(NextId("job-"), element.Id, token.Id, element.Handler);
                _state.Jobs.Add(job);
                _commands.Add(new InvokeServiceTask(job.Id, element.Id, element.Handler, VisibleVariables(token.ScopeId)));
                break;
            default:
                var scope = new ScopeState(NextId("s"), ScopeKind.SubProcess, element.Id, token.ScopeId, token.Id);
                _state.Scopes.Add(scope);
                foreach (var start in _definition.StartsOf(element.Id))
                {
                    Enqueue(NewToken(start.Id, scope.Id, null));
                }
                break;
        }
    }

    private void StartMultiInstance(FlowElement element, TokenState token)
    {
        var spec = element.MultiInstance!;
        List<JsonElement> items;
        if (spec.Collection is not null)
        {
            var value = Evaluate(spec.Collection, token.ScopeId, $"the multi-instance collection of '{element.Id}'");
            if (value is not IReadOnlyList<object?> list)
            {
                throw new StepFailure($"the multi-instance collection of '{element.Id}' ('{spec.Collection}') gave {Values.Describe(value)}, not a list");
            }

            items = list.Select(Values.ToJson).ToList();
        }
        else
        {
            var count = WholeNumber(spec.Cardinality!, token, element, "loopCardinality");
            items = Enumerable.Repeat(Values.ToJson(null), count).ToList();
        }

        if (items.Count > MaxInstances)
        {
            throw new StepFailure($"'{element.Id}' would have {items.Count} instances; at most {MaxInstances} are allowed");
        }

        var body = new ScopeState(NextId("s"), ScopeKind.MultiInstanceBody, element.Id, token.ScopeId, token.Id)
        {
            Items = items,
            Instances = items.Count,
        };
        _state.Scopes.Add(body);
        if (items.Count == 0)
        {
            BodyDone(body);
            return;
        }

        var first = spec.IsSequential ? 1 : items.Count;
        for (var i = 0; i < first; i++)
        {
            StartItemOf(Scope(body.Id), element);
        }
    }

    private void StartItemOf(ScopeState body, FlowElement element)
    {
        var index = body.NextItem;
        var variables = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["loopCounter"] = Values.ToJson(index),
        };
        if (element.MultiInstance!.ElementVariable is { } name)
        {
            variables[name] = body.Items[index];
        }

        var item = new ScopeState(NextId("s"), ScopeKind.MultiInstanceItem, element.Id, body.Id, null) { Variables = variables };
        _state.Scopes.Add(item);
        Replace(body, body with { NextItem = index + 1, ActiveInstances = body.ActiveInstances + 1 });
        Enqueue(NewToken(element.Id, item.Id, null));
    }

    private void ItemDone(ScopeState item)
    {
        _state.Scopes.Remove(item);
        var body = Scope(item.ParentScopeId!);
        body = body with { CompletedInstances = body.CompletedInstances + 1, ActiveInstances = body.ActiveInstances - 1 };
        Replace(Scope(body.Id), body);
        var element = _definition.Element(body.ElementId);
        var spec = element.MultiInstance!;
        if (spec.CompletionCondition is not null)
        {
            var variables = new ScopeVariables(this, body.Id, item.Variables);
            var (value, error) = spec.CompletionCondition.Evaluate(variables);
            if (error is not null)
            {
                throw new StepFailure($"the completion condition of '{element.Id}': {error}");
            }

            if (value is not bool done)
            {
                throw new StepFailure($"the completion condition of '{element.Id}' ('{spec.CompletionCondition}') gave {Values.Describe(value)}, not true or false");
            }

            if (done)
            {
                foreach (var other in _state.Scopes.Where(s => s.ParentScopeId == body.Id).ToList())
                {
                    CancelScope(other);
                }

                BodyDone(Scope(body.Id));
                return;
            }
        }

        if (spec.IsSequential && body.NextItem < body.Items.Count)
        {
            StartItemOf(body, element);
        }
        else if (body.ActiveInstances == 0)
        {
            BodyDone(body);
        }
    }

    private void BodyDone(ScopeState body)
    {
        _state.Scopes.Remove(Scope(body.Id));
        Leave(Token(body.OwnerTokenId!), _definition.Element(body.ElementId).Outgoing);
    }

    /// <summary>A user task, a service task or a subProcess finished its work.</summary>
    private void CompleteActivity(TokenState token)
    {
        var element = _definition.Element(token.ElementId);
        if (IsInner(token))
        {
            _events.Add(new WorkflowEvent(WorkflowEventKind.Left, element.Id, _now, token.Id, PausesClock: element.PausesClock));
            RemoveToken(token);
            ItemDone(Scope(token.ScopeId));
            return;
        }

        Leave(token, element.Outgoing);
    }

    private void Leave(TokenState token, List<SequenceFlow> flows)
    {
        var element = _definition.Element(token.ElementId);
        _events.Add(new WorkflowEvent(WorkflowEventKind.Left, element.Id, _now, token.Id, PausesClock: element.PausesClock));
        CancelWaits(token.Id);
        RemoveToken(token);
        if (flows.Count == 0)
        {
            // An element without outgoing flows ends its path, like a none end event.
            CheckScopeDone(token.ScopeId);
            return;
        }

        Continue(flows, token.ScopeId, token.Id);
    }

    private void Continue(IReadOnlyList<SequenceFlow> flows, string scopeId, string? reuseTokenId)
    {
        foreach (var flow in flows)
        {
            var token = reuseTokenId is null
                ? NewToken(flow.TargetId, scopeId, flow.Id)
                : new TokenState(reuseTokenId, flow.TargetId, scopeId, flow.Id);
            if (reuseTokenId is not null)
            {
                _state.Tokens.Add(token);
                reuseTokenId = null;
            }

            Enqueue(token);
        }
    }

    private void CheckScopeDone(string scopeId)
    {
        if (_state.Tokens.Any(t => t.ScopeId == scopeId))
        {
            return;
        }

        var scope = _state.Scopes.FirstOrDefault(s => s.Id == scopeId);
        switch (scope?.Kind)
        {
            case ScopeKind.Process:
                if (_state.Status == InstanceStatus.Running)
                {
                    _state.Status = InstanceStatus.Completed;
                    _state.EndedAt = _now;
                    _events.Add(new WorkflowEvent(WorkflowEventKind.Completed, _definition.Id, _now));
                }

                break;
            case ScopeKind.SubProcess:
                _state.Scopes.Remove(scope);
                CompleteActivity(Token(scope.OwnerTokenId!));
                break;
            case ScopeKind.MultiInstanceItem:
                ItemDone(scope);
                break;
        }
    }

    /// <summary>
    /// A terminate end event ends its scope (BPMN 2.0 §10.5.3): the whole process at process level; inside a
    /// subProcess only that subProcess instance (one instance of a multi-instance one), which then completes normally.
    /// </summary>
    private void Terminate(string scopeId)
    {
        foreach (var token in _state.Tokens.Where(t => t.ScopeId == scopeId).ToList())
        {
            CancelToken(token);
        }

        if (scopeId == InstanceState.RootScopeId)
        {
            foreach (var scope in _state.Scopes.Where(s => s.Id != InstanceState.RootScopeId).ToList())
            {
                CancelScope(scope);
            }

            _state.Status = InstanceStatus.Terminated;
            _state.EndedAt = _now;
            _events.Add(new WorkflowEvent(WorkflowEventKind.Terminated, _definition.Id, _now));
            return;
        }

        CheckScopeDone(scopeId);
    }

    private void CancelToken(TokenState token)
    {
        if (!_state.Tokens.Contains(token))
        {
            return;
        }

        foreach (var owned in _state.Scopes.Where(s => s.OwnerTokenId == token.Id).ToList())
        {
            CancelScope(owned);
        }

        foreach (var task in _state.Tasks.Where(t => t.TokenId == token.Id).ToList())
        {
            _state.Tasks.Remove(task);
            _commands.Add(new CancelTask(task.Id));
            _events.Add(new WorkflowEvent(WorkflowEventKind.TaskCancelled, task.ElementId, _now, token.Id, task.Id));
        }

        _state.Jobs.RemoveAll(j => j.TokenId == token.Id);
        CancelWaits(token.Id);
        RemoveToken(token);
        var element = _definition.Element(token.ElementId);
        _events.Add(new WorkflowEvent(WorkflowEventKind.Left, element.Id, _now, token.Id, Cancelled: true, PausesClock: element.PausesClock));
    }

    private void CancelScope(ScopeState scope)
    {
        foreach (var token in _state.Tokens.Where(t => t.ScopeId == scope.Id).ToList())
        {
            CancelToken(token);
        }

        foreach (var child in _state.Scopes.Where(s => s.ParentScopeId == scope.Id).ToList())
        {
            CancelScope(child);
        }

        _state.Scopes.RemoveAll(s => s.Id == scope.Id);
    }

    /// <summary>Removes the timers and message subscriptions a token waits on (its catch event or its activity's boundaries).</summary>
    private void CancelWaits(string tokenId)
    {
        foreach (var timer in _state.Timers.Where(t => t.TokenId == tokenId).ToList())
        {
            _state.Timers.Remove(timer);
            _commands.Add(new CancelTimer(timer.Id));
            _events.Add(new WorkflowEvent(WorkflowEventKind.TimerCancelled, timer.ElementId, _now, tokenId, TimerId: timer.Id));
        }

        _state.Subscriptions.RemoveAll(s => s.TokenId == tokenId);
    }

    private void SubscribeBoundaries(FlowElement activity, TokenState token)
    {
        foreach (var boundary in activity.Boundaries)
        {
            Wait(boundary, token, token);
        }
    }

    private void Wait(FlowElement element, TokenState token, TokenState owner)
    {
        if (element.Trigger == EventTrigger.Timer)
        {
            var timer = new TimerState(NextId("timer-"), element.Id, owner.Id, Due(element, token));
            _state.Timers.Add(timer);
            _commands.Add(new ScheduleTimer(timer));
            _events.Add(new WorkflowEvent(WorkflowEventKind.TimerScheduled, element.Id, _now, owner.Id, TimerId: timer.Id));
        }
        else
        {
            _state.Subscriptions.Add(new SubscriptionState(NextId("msg-"), element.Id, owner.Id, element.MessageName!));
        }
    }

    private DateTimeOffset Due(FlowElement element, TokenState token)
    {
        var spec = element.Timer!;
        var what = $"the timer of '{element.Id}'";
        switch (spec.Kind)
        {
            case TimerKind.WorkingDays:
                return _calendar.AddWorkingDays(_now, WholeNumber(spec.Expression!, token, element, "caseflow:workingDays"));
            case TimerKind.WorkingHours:
                return _calendar.AddWorkingHours(_now, WholeNumber(spec.Expression!, token, element, "caseflow:workingHours"));
        }

        var text = spec.Literal ?? (Evaluate(spec.Expression!, token.ScopeId, what) as string
            ?? throw new StepFailure($"{what} ('{spec.Expression}') did not give a text"));
        if (spec.Kind == TimerKind.Duration)
        {
            return Iso8601.TryParseDuration(text, out var duration)
                ? duration.AddTo(_now)
                : throw new StepFailure($"{what}: '{text}' is not an ISO 8601 duration");
        }

        return Iso8601.TryParseDate(text, out var date) ? date : throw new StepFailure($"{what}: '{text}' is not an ISO 8601 date-time");
    }

    /// <summary>
    /// Rule 3 (a pause never shortens a clock, and a clock pauses, it does not start again): the limit runs from the
    /// element's first entry, and every clock pause since then adds its working days, the one still ending now included.
    /// </summary>
    private DateTimeOffset DueAt(FlowElement element, TokenState token)
    {
        var days = WholeNumber(element.DueWorkingDays!, token, element, "caseflow:dueWorkingDays");
        var key = LoopCounter(token) is { } item ? $"{element.Id}#{item}" : element.Id;
        if (!_state.Limits.TryGetValue(key, out var limit))
        {
            limit = new TaskLimit(_now, 0);
            _state.Limits[key] = limit;
        }

        return _calendar.AddWorkingDays(limit.StartedAt, days + limit.PausedWorkingDays + PausedWorkingDaysSince(limit.StartedAt));
    }

    /// <summary>The working days of the current clock pause that fall after the given start (0 while the clock runs).</summary>
    private int PausedWorkingDaysSince(DateTimeOffset start) =>
        _state.ClockPausedAt is { } pausedAt ? _calendar.WorkingDaysBetween(pausedAt > start ? pausedAt : start, _now) : 0;

    private void UpdateClock(bool wasPaused)
    {
        var pausing = _state.Tokens.Select(t => _definition.Element(t.ElementId)).FirstOrDefault(e => e.PausesClock);
        _state.ClockPaused = pausing is not null;
        if (_state.ClockPaused && !wasPaused)
        {
            _state.ClockPausedAt = _now;
            _events.Add(new WorkflowEvent(WorkflowEventKind.ClockPaused, pausing!.Id, _now, PausesClock: true));
        }
        else if (!_state.ClockPaused && wasPaused)
        {
            foreach (var (key, limit) in _state.Limits.ToList())
            {
                _state.Limits[key] = limit with { PausedWorkingDays = limit.PausedWorkingDays + PausedWorkingDaysSince(limit.StartedAt) };
            }

            _state.ClockPausedAt = null;
            _events.Add(new WorkflowEvent(WorkflowEventKind.ClockResumed, _definition.Id, _now));
        }
    }

    private bool IsInner(TokenState token)
    {
        var scope = _state.Scopes.FirstOrDefault(s => s.Id == token.ScopeId);
        return scope is { Kind: ScopeKind.MultiInstanceItem } && scope.ElementId == token.ElementId;
    }

    private int? LoopCounter(TokenState token) =>
        IsInner(token) && Scope(token.ScopeId).Variables.TryGetValue("loopCounter", out var counter) ? counter.GetInt32() : null;

    private object? Evaluate(CaseExpression expression, string scopeId, string what)
    {
        var (value, error) = expression.Evaluate(new ScopeVariables(this, scopeId, null));
        return error is null ? value : throw new StepFailure($"{what}: {error}");
    }

    private string? Text(CaseExpression? expression, TokenState token, FlowElement element, string what)
    {
        if (expression is null)
        {
            return null;
        }

        return Evaluate(expression, token.ScopeId, $"{what} of '{element.Id}'") switch
        {
            null => null,
            string s => s,
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            var other => throw new StepFailure($"{what} of '{element.Id}' ('{expression}') gave {Values.Describe(other)}, not a text"),
        };
    }

    private int WholeNumber(CaseExpression expression, TokenState token, FlowElement element, string what)
    {
        var value = Evaluate(expression, token.ScopeId, $"{what} of '{element.Id}'");
        var number = value switch
        {
            decimal d => d,
            string s when decimal.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => -1m,
        };
        if (number < 0 || number != decimal.Truncate(number) || number > 100_000)
        {
            throw new StepFailure($"{what} of '{element.Id}' ('{expression}') gave {Values.Describe(value)}, not a whole number from 0 to 100000");
        }

        return (int)number;
    }

    private Dictionary<string, object?> VisibleVariables(string scopeId)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in _state.Variables)
        {
            result[name] = value;
        }

        var chain = new List<ScopeState>();
        for (var scope = _state.Scopes.FirstOrDefault(s => s.Id == scopeId); scope is not null; scope = _state.Scopes.FirstOrDefault(s => s.Id == scope.ParentScopeId))
        {
            chain.Add(scope);
        }

        // Outer scopes first so that an inner element variable hides a case variable of the same name.
        chain.Reverse();
        foreach (var scope in chain)
        {
            foreach (var (name, value) in scope.Variables)
            {
                result[name] = value;
            }
        }

        return result;
    }

    private void SetVariables(IReadOnlyDictionary<string, object?>? variables)
    {
        if (variables is null)
        {
            return;
        }

        foreach (var (name, value) in variables)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new StepFailure("a variable name is empty");
            }

            _state.Variables[name] = Values.ToJson(value);
        }
    }

    private TokenState NewToken(string elementId, string scopeId, string? via)
    {
        var token = new TokenState(NextId("t"), elementId, scopeId, via);
        _state.Tokens.Add(token);
        return token;
    }

    private void Enqueue(TokenState token) => _queue.Enqueue(token.Id);

    private void RemoveToken(TokenState token) => _state.Tokens.RemoveAll(t => t.Id == token.Id);

    private TokenState Token(string id) => _state.Tokens.First(t => t.Id == id);

    private ScopeState Scope(string id) => _state.Scopes.First(s => s.Id == id);

    private void Replace(ScopeState old, ScopeState updated) => _state.Scopes[_state.Scopes.FindIndex(s => s.Id == old.Id)] = updated;

    private string NextId(string prefix) => prefix + (_state.NextId++).ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads variables from a scope outwards: item locals, multi-instance counters, then case variables.</summary>
    private sealed class ScopeVariables(TriggerRun run, string scopeId, Dictionary<string, JsonElement>? extra) : IVariableSource
    {
        public bool TryGet(string name, out object? value)
        {
            if (extra is not null && extra.TryGetValue(name, out var local))
            {
                value = local;
                return true;
            }

            for (var scope = run._state.Scopes.FirstOrDefault(s => s.Id == scopeId); scope is not null;
                 scope = run._state.Scopes.FirstOrDefault(s => s.Id == scope.ParentScopeId))
            {
                if (scope.Variables.TryGetValue(name, out var scoped))
                {
                    value = scoped;
                    return true;
                }

                if (scope.Kind == ScopeKind.MultiInstanceBody)
                {
                    int? counter = name switch
                    {
                        "nrOfInstances" => scope.Instances,
                        "nrOfCompletedInstances" => scope.CompletedInstances,
                        "nrOfActiveInstances" => scope.ActiveInstances,
                        _ => null,
                    };
                    if (counter is not null)
                    {
                        value = (decimal)counter.Value;
                        return true;
                    }
                }
            }

            if (run._state.Variables.TryGetValue(name, out var global))
            {
                value = global;
                return true;
            }

            value = null;
            return false;
        }
    }

    // Failures unwind from deep inside a step; Apply turns them into a refused trigger.
    private sealed class StepFailure(string message) : Exception(message);
}
