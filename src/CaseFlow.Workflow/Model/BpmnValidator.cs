namespace CaseFlow.Workflow.Model;

/// <summary>Structural checks over a read process: what would make an instance stuck, ambiguous or unreachable.</summary>
internal static class BpmnValidator
{
    /// <summary>
    /// Runs every check; when elements were refused (graphComplete is false) the checks that walk the graph or count
    /// flows are skipped, since the holes would only add noise to the real problem.
    /// </summary>
    public static void Validate(ProcessDefinition definition, List<ValidationProblem> problems, bool graphComplete)
    {
        var elements = definition.Elements.Values.OrderBy(e => e.Order).ToList();
        if (definition.StartEvents.Count == 0)
        {
            problems.Add(new ValidationProblem(definition.Line, definition.Id, "process",
                $"process '{definition.Id}' has no start event: CaseFlow starts a process at a none or message startEvent"));
        }

        CheckStarts(definition, elements, problems);
        foreach (var element in elements)
        {
            CheckFlows(element, problems, graphComplete);
        }

        if (graphComplete && definition.StartEvents.Count > 0)
        {
            CheckReachability(definition, elements, problems);
            CheckJoins(definition, elements, problems);
        }
    }

    private static void CheckStarts(ProcessDefinition definition, List<FlowElement> elements, List<ValidationProblem> problems)
    {
        var scopes = elements.Where(e => e.Kind == ElementKind.SubProcess).Select(e => (string?)e.Id).Append(null);
        foreach (var scope in scopes)
        {
            var noneStarts = elements.Where(e => e.Kind == ElementKind.StartEvent && e.ScopeId == scope && e.Trigger is EventTrigger.None or EventTrigger.Timer).ToList();
            if (noneStarts.Count > 1)
            {
                Add(problems, noneStarts[1], $"{noneStarts[1].Describe()} is a second none start event in {(scope is null ? $"process '{definition.Id}'" : $"subProcess '{scope}'")}; which one to start would be ambiguous");
            }

            if (scope is not null && definition.StartsOf(scope).Count == 0)
            {
                Add(problems, definition.Elements[scope], $"subProcess '{scope}' has no start event and no element without incoming flow to start at");
            }
        }

        var messages = elements.Where(e => e.Kind == ElementKind.StartEvent && e.Trigger == EventTrigger.Message && e.MessageName is not null)
            .GroupBy(e => e.MessageName);
        foreach (var duplicate in messages.Where(g => g.Count() > 1))
        {
            var second = duplicate.Skip(1).First();
            Add(problems, second, $"{second.Describe()} starts on message '{duplicate.Key}' like another start event");
        }
    }

    private static void CheckFlows(FlowElement element, List<ValidationProblem> problems, bool graphComplete)
    {
        switch (element.Kind)
        {
            case ElementKind.StartEvent:
                if (element.Incoming.Count > 0)
                {
                    Add(problems, element, $"{element.Describe()} has an incoming flow; nothing may flow into a start event");
                }

                break;
            case ElementKind.BoundaryEvent:
                if (element.Incoming.Count > 0)
                {
                    Add(problems, element, $"{element.Describe()} has an incoming flow; nothing may flow into a boundary event");
                }

                break;
            case ElementKind.EndEvent:
                if (element.Outgoing.Count > 0)
                {
                    Add(problems, element, $"{element.Describe()} has an outgoing flow; an end event ends its path");
                }

                break;
            case ElementKind.ExclusiveGateway:
                CheckExclusive(element, problems, graphComplete);
                return;
            case ElementKind.ParallelGateway:
                if (graphComplete)
                {
                    CheckGatewayCounts(element, problems);
                }

                foreach (var flow in element.Outgoing.Where(f => f.Condition is not null))
                {
                    Add(problems, element, $"parallelGateway '{element.Id}' has a condition on its outgoing flow '{flow.Id}'; a parallel gateway takes every flow, so use an exclusiveGateway to choose");
                }

                return;
        }

        foreach (var flow in element.Outgoing.Where(f => f.Condition is not null))
        {
            problems.Add(new ValidationProblem(flow.Line, flow.Id, "sequenceFlow",
                $"sequenceFlow '{flow.Id}' out of {element.Describe()} has a condition: conditional flows out of activities and events are not supported by CaseFlow; put an exclusiveGateway after '{element.Id}'"));
        }
    }

    private static void CheckExclusive(FlowElement gateway, List<ValidationProblem> problems, bool graphComplete)
    {
        if (graphComplete)
        {
            CheckGatewayCounts(gateway, problems);
        }

        if (gateway.DefaultFlowId is not null && gateway.Outgoing.All(f => f.Id != gateway.DefaultFlowId))
        {
            Add(problems, gateway, $"exclusiveGateway '{gateway.Id}' names '{gateway.DefaultFlowId}' as its default flow, but that is not one of its outgoing flows");
        }

        if (gateway.Outgoing.Count < 2)
        {
            return;
        }

        foreach (var flow in gateway.Outgoing.Where(f => f.Condition is null && f.Id != gateway.DefaultFlowId))
        {
            problems.Add(new ValidationProblem(flow.Line, flow.Id, "sequenceFlow",
                $"sequenceFlow '{flow.Id}' out of exclusiveGateway '{gateway.Id}' has no condition and is not the gateway's default flow; give it a condition or make it the default"));
        }
    }

    private static void CheckGatewayCounts(FlowElement gateway, List<ValidationProblem> problems)
    {
        if (gateway.Outgoing.Count == 0)
        {
            Add(problems, gateway, $"{gateway.Describe()} has no outgoing flow");
        }

        if (gateway.Incoming.Count == 0)
        {
            Add(problems, gateway, $"{gateway.Describe()} has no incoming flow");
        }
    }

    private static void CheckReachability(ProcessDefinition definition, List<FlowElement> elements, List<ValidationProblem> problems)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<FlowElement>(definition.StartEvents);
        while (queue.TryDequeue(out var element))
        {
            if (!reached.Add(element.Id))
            {
                continue;
            }

            foreach (var flow in element.Outgoing)
            {
                queue.Enqueue(definition.Elements[flow.TargetId]);
            }

            foreach (var boundary in element.Boundaries)
            {
                queue.Enqueue(boundary);
            }

            if (element.Kind == ElementKind.SubProcess)
            {
                foreach (var start in definition.StartsOf(element.Id))
                {
                    queue.Enqueue(start);
                }
            }
        }

        foreach (var element in elements.Where(e => !reached.Contains(e.Id)))
        {
            // A flow node inside an unreachable subProcess is reported once, at the subProcess.
            if (element.ScopeId is not null && !reached.Contains(element.ScopeId))
            {
                continue;
            }

            Add(problems, element, $"{element.Describe()} is unreachable: no path from a start event leads to it");
        }
    }

    /// <summary>
    /// A parallel join whose incoming flows come from alternatives of one choice (the branches of an exclusive gateway,
    /// or an activity and its own interrupting boundary event) waits forever: only one of them ever arrives.
    /// Found by walking back along straight paths; reported as a warning since the instance still runs predictably.
    /// </summary>
    private static void CheckJoins(ProcessDefinition definition, List<FlowElement> elements, List<ValidationProblem> problems)
    {
        foreach (var join in elements.Where(e => e.Kind == ElementKind.ParallelGateway && e.Incoming.Count > 1))
        {
            var origins = join.Incoming.Select(f => (Flow: f, Origin: ChoiceOrigin(definition, f))).Where(o => o.Origin is not null).ToList();
            var shared = origins.GroupBy(o => o.Origin!.Id).FirstOrDefault(g => g.Count() > 1);
            if (shared is not null)
            {
                var origin = shared.First().Origin!;
                problems.Add(new ValidationProblem(join.Line, join.Id, join.TypeName,
                    $"parallelGateway '{join.Id}' waits for flows {string.Join(" and ", shared.Select(s => $"'{s.Flow.Id}'"))}, which are alternatives of {origin.Describe()} and never both arrive: the instance would wait here forever; use an exclusiveGateway to merge them",
                    ProblemSeverity.Warning));
            }
        }
    }

    private static FlowElement? ChoiceOrigin(ProcessDefinition definition, SequenceFlow flow)
    {
        var element = definition.Elements[flow.SourceId];
        for (var steps = 0; steps < definition.Elements.Count; steps++)
        {
            if (element.Kind == ElementKind.BoundaryEvent && element.CancelActivity && element.AttachedToId is not null)
            {
                return definition.Elements[element.AttachedToId];
            }

            if (element.Kind == ElementKind.ExclusiveGateway && element.Outgoing.Count > 1)
            {
                return element;
            }

            if (element.IsActivity && element.Boundaries.Any(b => b.CancelActivity))
            {
                return element;
            }

            if (element.Kind is ElementKind.ParallelGateway or ElementKind.ExclusiveGateway || element.Incoming.Count != 1)
            {
                return null;
            }

            element = definition.Elements[element.Incoming[0].SourceId];
        }

        return null;
    }

    private static void Add(List<ValidationProblem> problems, FlowElement element, string message) =>
        problems.Add(new ValidationProblem(element.Line, element.Id, element.TypeName, message));
}
