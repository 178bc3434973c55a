using System.Xml;
using System.Xml.Linq;
using CaseFlow.Workflow.Execution;
using CaseFlow.Workflow.Expressions;

namespace CaseFlow.Workflow.Model;

/// <summary>
/// Reads the CaseFlow subset of BPMN 2.0 into the model, recording a problem for everything outside it.
/// What is ignored, and why, is listed in <see cref="Ignored"/> and <see cref="IgnoredAtRoot"/>.
/// </summary>
internal sealed class BpmnReader(List<ValidationProblem> problems)
{
    public static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public static readonly XNamespace CaseFlow = "http://caseflow.dev/schema/bpmn/1.0";
    private static readonly XNamespace Zeebe = "http://camunda.org/schema/zeebe/1.0";

    // Real-modeler files carry multi-instance settings in their engine's namespace; the contract accepts these three.
    private static readonly XNamespace[] VendorNamespaces =
    [
        "http://camunda.org/schema/1.0/bpmn",
        "http://flowable.org/bpmn",
        "http://activiti.org/bpmn",
    ];

    // Inside a process: elements with no effect on execution. Documentation, vendor extensions and text annotations are
    // for people and other engines; lanes and groups only arrange the diagram (assignment comes from caseflow:
    // attributes); data objects, stores and associations describe data that in CaseFlow lives in case variables.
    private static readonly HashSet<string> Ignored =
    [
        "documentation", "extensionElements", "laneSet", "lane", "textAnnotation", "association", "group", "category",
        "dataObject", "dataObjectReference", "dataStoreReference", "property", "ioSpecification", "ioBinding",
        "dataInputAssociation", "dataOutputAssociation", "incoming", "outgoing", "auditing", "monitoring",
        "potentialOwner", "humanPerformer", "performer", "resourceRole", "rendering",
        // Read (or refused) by the activity that carries them, not as flow nodes of a subProcess.
        "multiInstanceLoopCharacteristics", "standardLoopCharacteristics",
    ];

    // At the root: collaborations and message flows draw pools exchanging messages (CaseFlow receives messages by
    // correlation instead); the other root elements are declarations only used when referenced.
    private static readonly HashSet<string> IgnoredAtRoot =
    [
        "collaboration", "message", "signal", "error", "escalation", "itemDefinition", "dataStore", "category",
        "interface", "resource", "documentation", "extensionElements", "import", "relationship", "globalTask",
        "globalUserTask", "globalScriptTask", "choreography", "conversation", "partnerEntity", "partnerRole",
        "correlationProperty", "eventDefinition", "endPoint",
    ];

    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["task"] = "a plain task has no behaviour; use a userTask or a serviceTask",
        ["scriptTask"] = "scripts cannot run in CaseFlow; use a serviceTask with caseflow:handler",
        ["businessRuleTask"] = "use a serviceTask with caseflow:handler",
        ["sendTask"] = "use a serviceTask with caseflow:handler",
        ["receiveTask"] = "use an intermediateCatchEvent with a messageEventDefinition",
        ["manualTask"] = "use a userTask",
        ["callActivity"] = "use an embedded subProcess",
        ["transaction"] = "use an embedded subProcess",
        ["adHocSubProcess"] = "use an embedded subProcess",
        ["inclusiveGateway"] = "use exclusive or parallel gateways",
        ["complexGateway"] = "use exclusive or parallel gateways",
        ["eventBasedGateway"] = "to wait for whichever comes first, put boundary events on a userTask",
        ["intermediateThrowEvent"] = "CaseFlow does not throw events; use a serviceTask",
        ["standardLoopCharacteristics"] = "use multiInstanceLoopCharacteristics",
    };

    private readonly Dictionary<string, FlowElement> _elements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (XElement Xml, string? ScopeId)> _flowXml = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XElement> _boundaryXml = new(StringComparer.Ordinal);

    // Elements already refused: flows and boundary events touching them get no second, noisier problem.
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private int _order;

    /// <summary>True when an element was refused and left out, so the graph has holes and walking it proves little.</summary>
    public bool HasRefusedElements => _refused.Count > 0;

    public ProcessDefinition? Read(XDocument document)
    {
        var root = document.Root!;
        if (root.Name != Bpmn + "definitions")
        {
            Error(root, "", root.Name.LocalName,
                $"not a BPMN 2.0 file: the root element is '{root.Name.LocalName}' in '{root.Name.NamespaceName}', expected 'definitions' in '{Bpmn.NamespaceName}'");
            return null;
        }

        foreach (var message in root.Elements(Bpmn + "message"))
        {
            var id = (string?)message.Attribute("id");
            if (id is not null)
            {
                _messages[id] = (string?)message.Attribute("name") ?? id;
            }
        }

        foreach (var child in root.Elements().Where(e => e.Name.Namespace == Bpmn && e.Name.LocalName != "process"))
        {
            if (!IgnoredAtRoot.Contains(child.Name.LocalName))
            {
                NotSupported(child, child.Name.LocalName);
            }
        }

        var processes = root.Elements(Bpmn + "process").ToList();
        var chosen = Choose(root, processes);
        foreach (var process in chosen ?? processes)
        {
            ReadContainer(process, null);
        }

        if (chosen is null)
        {
            return null;
        }

        var process1 = chosen[0];
        var flows = ResolveFlows();
        ResolveBoundaries();
        return new ProcessDefinition(Id(process1), (string?)process1.Attribute("name"), _elements, flows) { Line = Line(process1) };
    }

    /// <summary>
    /// A file runs one process. It is the only process not marked isExecutable="false" (Activiti, Flowable and RuoYi
    /// files omit the attribute), or else the only one marked "true". With none or several the file is refused, but
    /// every process is still read so the modeler also learns what else stands in the way.
    /// </summary>
    private List<XElement>? Choose(XElement root, List<XElement> processes)
    {
        if (processes.Count == 0)
        {
            Error(root, Id(root), "definitions", "the file has no process");
            return null;
        }

        var candidates = processes.Where(p => (string?)p.Attribute("isExecutable") != "false").ToList();
        if (candidates.Count > 1)
        {
            candidates = candidates.Where(p => (string?)p.Attribute("isExecutable") == "true").ToList();
            if (candidates.Count != 1)
            {
                Error(root, Id(root), "definitions",
                    $"the file has several executable processes ({string.Join(", ", processes.Select(p => $"'{Id(p)}'"))}); CaseFlow runs one process per file, so mark the others isExecutable=\"false\"");
                return null;
            }
        }

        if (candidates.Count == 0)
        {
            Error(processes[0], Id(processes[0]), "process",
                $"no executable process: every process is marked isExecutable=\"false\" ({string.Join(", ", processes.Select(p => $"'{Id(p)}'"))})");
            return null;
        }

        return candidates;
    }

    private void ReadContainer(XElement container, string? scopeId)
    {
        foreach (var child in container.Elements())
        {
            if (child.Name.Namespace != Bpmn)
            {
                // Another namespace directly inside a process: a vendor extension, no BPMN semantics.
                continue;
            }

            var local = child.Name.LocalName;
            switch (local)
            {
                case "sequenceFlow":
                    var flowId = Id(child);
                    if (!_flowXml.TryAdd(flowId, (child, scopeId)) || _elements.ContainsKey(flowId))
                    {
                        Error(child, flowId, local, $"{local} '{flowId}' has the same id as another element");
                    }

                    break;
                case "startEvent":
                case "endEvent":
                case "intermediateCatchEvent":
                case "boundaryEvent":
                    ReadEvent(child, scopeId);
                    break;
                case "userTask":
                case "serviceTask":
                    ReadTask(child, scopeId);
                    break;
                case "subProcess":
                    if ((string?)child.Attribute("triggeredByEvent") == "true")
                    {
                        Refuse(child, Id(child), local, $"event subProcess '{Id(child)}' is not supported by CaseFlow: use boundary events on an embedded subProcess");
                        break;
                    }

                    var subProcess = ReadActivity(child, scopeId, ElementKind.SubProcess);
                    if (subProcess is not null)
                    {
                        ReadContainer(child, subProcess.Id);
                    }

                    break;
                case "exclusiveGateway":
                case "parallelGateway":
                    Add(child, new FlowElement
                    {
                        Id = Id(child),
                        Kind = local == "exclusiveGateway" ? ElementKind.ExclusiveGateway : ElementKind.ParallelGateway,
                        TypeName = local,
                        Name = (string?)child.Attribute("name"),
                        Line = Line(child),
                        Order = _order++,
                        ScopeId = scopeId,
                        DefaultFlowId = (string?)child.Attribute("default"),
                    });
                    break;
                default:
                    if (!Ignored.Contains(local))
                    {
                        NotSupported(child, local);
                    }

                    break;
            }
        }
    }

    private void ReadEvent(XElement xml, string? scopeId)
    {
        var type = xml.Name.LocalName;
        var id = Id(xml);
        var definitions = xml.Elements().Where(e => e.Name.Namespace == Bpmn && e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)).ToList();
        if (definitions.Count > 1)
        {
            Refuse(xml, id, type, $"{type} '{id}' has {definitions.Count} event definitions; CaseFlow supports one per event");
            return;
        }

        var definition = definitions.FirstOrDefault();
        var kind = definition?.Name.LocalName switch
        {
            null => EventTrigger.None,
            "messageEventDefinition" => EventTrigger.Message,
            "timerEventDefinition" => EventTrigger.Timer,
            "terminateEventDefinition" => EventTrigger.Terminate,
            _ => (EventTrigger?)null,
        };
        var allowed = type switch
        {
            "startEvent" => scopeId is null ? kind is EventTrigger.None or EventTrigger.Message or EventTrigger.Timer : kind is EventTrigger.None,
            "endEvent" => kind is EventTrigger.None or EventTrigger.Terminate,
            _ => kind is EventTrigger.Message or EventTrigger.Timer,
        };
        if (!allowed)
        {
            var what = definition is null ? "without an event definition" : $"with a {definition.Name.LocalName}";
            var hint = type switch
            {
                "startEvent" when scopeId is not null => ": a subProcess starts with a none start event",
                "startEvent" => ": a process starts by command (none start) or by message",
                "endEvent" => ": end events are none or terminate",
                _ => ": CaseFlow waits for messages and timers only",
            };
            Refuse(definition ?? xml, id, type, $"{type} '{id}' {what} is not supported by CaseFlow{hint}");
            return;
        }

        string? messageName = null;
        TimerSpec? timer = null;
        if (kind == EventTrigger.Message)
        {
            messageName = ReadMessage(definition!, id, type);
        }
        else if (kind == EventTrigger.Timer && type == "startEvent")
        {
            // The schedule (often a Quartz cron in Camunda 7 files) belongs to the Host's scheduler, not to the engine.
            Warning(xml, id, type,
                $"{type} '{id}' is a timer start event: CaseFlow starts it by command like a none start event and does not run its schedule; schedule recurring starts in the Host");
        }
        else if (kind == EventTrigger.Timer)
        {
            timer = ReadTimer(definition!, id, type);
        }

        Add(xml, new FlowElement
        {
            Id = id,
            Kind = type switch
            {
                "startEvent" => ElementKind.StartEvent,
                "endEvent" => ElementKind.EndEvent,
                "intermediateCatchEvent" => ElementKind.IntermediateCatchEvent,
                _ => ElementKind.BoundaryEvent,
            },
            TypeName = type,
            Name = (string?)xml.Attribute("name"),
            Line = Line(xml),
            Order = _order++,
            ScopeId = scopeId,
            Trigger = kind ?? EventTrigger.None,
            MessageName = messageName,
            Timer = timer,
            AttachedToId = (string?)xml.Attribute("attachedToRef"),
            CancelActivity = (string?)xml.Attribute("cancelActivity") != "false",
            PausesClock = Flag(xml, "pausesClock"),
        });
        if (type == "boundaryEvent")
        {
            _boundaryXml[id] = xml;
        }
    }

    private string? ReadMessage(XElement definition, string id, string type)
    {
        var reference = (string?)definition.Attribute("messageRef");
        if (reference is null)
        {
            Error(definition, id, type, $"{type} '{id}' has a messageEventDefinition without messageRef: name the message it waits for");
            return null;
        }

        if (!_messages.TryGetValue(reference, out var name))
        {
            Error(definition, id, type, $"{type} '{id}' refers to message '{reference}', which the file does not declare");
            return null;
        }

        return name;
    }

    private TimerSpec? ReadTimer(XElement definition, string id, string type)
    {
        var specs = new List<(TimerKind Kind, string Text, XObject At)>();
        // The contract puts caseflow:workingDays/workingHours on the timerEventDefinition; on the event itself is accepted too.
        if ((definition.Attribute(CaseFlow + "workingDays") ?? definition.Parent?.Attribute(CaseFlow + "workingDays")) is { } days)
        {
            specs.Add((TimerKind.WorkingDays, days.Value, days));
        }

        if ((definition.Attribute(CaseFlow + "workingHours") ?? definition.Parent?.Attribute(CaseFlow + "workingHours")) is { } hours)
        {
            specs.Add((TimerKind.WorkingHours, hours.Value, hours));
        }

        if (definition.Element(Bpmn + "timeDuration") is { } duration)
        {
            specs.Add((TimerKind.Duration, duration.Value.Trim(), duration));
        }

        if (definition.Element(Bpmn + "timeDate") is { } date)
        {
            specs.Add((TimerKind.Date, date.Value.Trim(), date));
        }

        if (definition.Element(Bpmn + "timeCycle") is { } cycle)
        {
            Error(cycle, id, type, $"{type} '{id}' has a timeCycle ('{cycle.Value.Trim()}'): repeating timers are not supported; use timeDuration, timeDate, caseflow:workingDays or caseflow:workingHours");
            return null;
        }

        if (specs.Count != 1)
        {
            Error(definition, id, type, specs.Count == 0
                ? $"{type} '{id}' has a timer without a time: give timeDuration, timeDate, caseflow:workingDays or caseflow:workingHours"
                : $"{type} '{id}' has a timer with {specs.Count} times; give exactly one");
            return null;
        }

        var (kind, text, at) = specs[0];
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(at, id, type, $"{type} '{id}' has an empty {(at is XElement e ? e.Name.LocalName : "timer")}");
            return null;
        }

        if (kind == TimerKind.Duration && Iso8601.TryParseDuration(text, out _))
        {
            return new TimerSpec(kind, text, null);
        }

        if (kind == TimerKind.Date && Iso8601.TryParseDate(text, out _))
        {
            return new TimerSpec(kind, text, null);
        }

        var (expression, error) = CaseExpression.Parse(text);
        if (error is not null)
        {
            var expected = kind switch
            {
                TimerKind.Duration => "an ISO 8601 duration (such as PT4H or P3D) or an expression",
                TimerKind.Date => "an ISO 8601 date-time or an expression",
                _ => "an expression giving a number",
            };
            Error(at, id, type, $"{type} '{id}': timer '{text}' is not {expected}: {error}");
            return null;
        }

        return new TimerSpec(kind, null, expression);
    }

    private void ReadTask(XElement xml, string? scopeId)
    {
        var kind = xml.Name.LocalName == "userTask" ? ElementKind.UserTask : ElementKind.ServiceTask;
        ReadActivity(xml, scopeId, kind);
    }

    private FlowElement? ReadActivity(XElement xml, string? scopeId, ElementKind kind)
    {
        var type = xml.Name.LocalName;
        var id = Id(xml);
        if (xml.Attribute("default") is { } defaultFlow)
        {
            Error(defaultFlow, id, type,
                $"{type} '{id}' has a default flow ('{defaultFlow.Value}'): conditional and default flows out of activities are not supported by CaseFlow; put an exclusiveGateway after the {type}");
        }

        if (xml.Element(Bpmn + "standardLoopCharacteristics") is { } loop)
        {
            Error(loop, id, "standardLoopCharacteristics",
                $"{type} '{id}' has standardLoopCharacteristics, which CaseFlow does not support: use multiInstanceLoopCharacteristics");
        }

        var handler = kind == ElementKind.ServiceTask ? (string?)xml.Attribute(CaseFlow + "handler") : null;
        if (kind == ElementKind.ServiceTask && string.IsNullOrWhiteSpace(handler))
        {
            Warning(xml, id, type, $"{type} '{id}' has no caseflow:handler: it completes at once without doing anything");
        }

        var element = new FlowElement
        {
            Id = id,
            Kind = kind,
            TypeName = type,
            Name = (string?)xml.Attribute("name"),
            Line = Line(xml),
            Order = _order++,
            ScopeId = scopeId,
            Assignee = Expression(xml.Attribute(CaseFlow + "assignee"), id, type),
            CandidateRole = Expression(xml.Attribute(CaseFlow + "candidateRole"), id, type),
            CandidateDepartment = Expression(xml.Attribute(CaseFlow + "candidateDepartment"), id, type),
            DueWorkingDays = Expression(xml.Attribute(CaseFlow + "dueWorkingDays"), id, type),
            PausesClock = Flag(xml, "pausesClock"),
            Handler = string.IsNullOrWhiteSpace(handler) ? null : handler.Trim(),
            MultiInstance = ReadMultiInstance(xml, id, type),
        };
        Add(xml, element);
        return element;
    }

    private MultiInstanceSpec? ReadMultiInstance(XElement activity, string id, string type)
    {
        var xml = activity.Element(Bpmn + "multiInstanceLoopCharacteristics");
        if (xml is null)
        {
            return null;
        }

        var zeebe = xml.Element(Bpmn + "extensionElements")?.Element(Zeebe + "loopCharacteristics");
        var collectionText = (string?)xml.Attribute(CaseFlow + "collection")
            ?? VendorNamespaces.Select(ns => (string?)xml.Attribute(ns + "collection")).FirstOrDefault(v => v is not null)
            ?? (string?)zeebe?.Attribute("inputCollection");
        var elementVariable = (string?)xml.Attribute(CaseFlow + "elementVariable")
            ?? VendorNamespaces.Select(ns => (string?)xml.Attribute(ns + "elementVariable")).FirstOrDefault(v => v is not null)
            ?? (string?)zeebe?.Attribute("inputElement");
        var cardinality = xml.Element(Bpmn + "loopCardinality");
        var completion = xml.Element(Bpmn + "completionCondition");

        if (collectionText is null
            && xml.Element(Bpmn + "extensionElements")?.Elements().FirstOrDefault(e => e.Name.LocalName == "collection") is { } handlerClass)
        {
            Error(handlerClass, id, type,
                $"{type} '{id}' takes its multi-instance collection from a {handlerClass.Name.LocalName} handler class ({(string?)handlerClass.Attributes().FirstOrDefault(a => a.Name.LocalName == "class")}), which CaseFlow cannot run: give caseflow:collection with an expression");
            return null;
        }

        if (collectionText is null && cardinality is null)
        {
            Error(xml, id, type,
                $"{type} '{id}' is multi-instance without a collection or loopCardinality: give caseflow:collection and caseflow:elementVariable");
            return null;
        }

        if (elementVariable is not null && !IsIdentifier(elementVariable))
        {
            Error(xml, id, type, $"{type} '{id}': multi-instance element variable '{elementVariable}' is not a variable name");
        }

        return new MultiInstanceSpec(
            (string?)xml.Attribute("isSequential") == "true",
            collectionText is null ? null : Expression(collectionText, xml, id, type, "multi-instance collection"),
            elementVariable,
            cardinality is null ? null : Expression(cardinality.Value, cardinality, id, type, "loopCardinality"),
            completion is null ? null : Expression(completion.Value, completion, id, type, "completionCondition"));
    }

    private Dictionary<string, SequenceFlow> ResolveFlows()
    {
        var flows = new Dictionary<string, SequenceFlow>(StringComparer.Ordinal);
        foreach (var (id, (xml, scopeId)) in _flowXml.OrderBy(p => Line(p.Value.Xml)))
        {
            var source = (string?)xml.Attribute("sourceRef");
            var target = (string?)xml.Attribute("targetRef");
            if (_refused.Contains(source ?? "") || _refused.Contains(target ?? ""))
            {
                continue;
            }

            if (source is null || !_elements.TryGetValue(source, out var from))
            {
                Error(xml, id, "sequenceFlow", $"sequenceFlow '{id}' starts at '{source}', which is not an element CaseFlow runs");
                continue;
            }

            if (target is null || !_elements.TryGetValue(target, out var to))
            {
                Error(xml, id, "sequenceFlow", $"sequenceFlow '{id}' ends at '{target}', which is not an element CaseFlow runs");
                continue;
            }

            if (from.ScopeId != scopeId || to.ScopeId != scopeId)
            {
                Error(xml, id, "sequenceFlow", $"sequenceFlow '{id}' crosses a subProcess boundary ('{source}' to '{target}'); flows stay inside their subProcess");
                continue;
            }

            var conditionXml = xml.Element(Bpmn + "conditionExpression");
            var condition = conditionXml is null || string.IsNullOrWhiteSpace(conditionXml.Value)
                ? null
                : Expression(conditionXml.Value, conditionXml, id, "sequenceFlow", "condition");
            var flow = new SequenceFlow(id, source, target, condition, Line(xml), _order++);
            if (conditionXml is not null && condition is null && !string.IsNullOrWhiteSpace(conditionXml.Value))
            {
                // The parse problem is already recorded; keep the flow marked as conditional for the structural checks.
                flow = flow with { Condition = CaseExpression.Parse("true").Expression };
            }

            flows[id] = flow;
            from.Outgoing.Add(flow);
            to.Incoming.Add(flow);
        }

        foreach (var element in _elements.Values)
        {
            element.Outgoing.Sort((a, b) => a.Order.CompareTo(b.Order));
            element.Incoming.Sort((a, b) => a.Order.CompareTo(b.Order));
        }

        return flows;
    }

    private void ResolveBoundaries()
    {
        foreach (var boundary in _elements.Values.Where(e => e.Kind == ElementKind.BoundaryEvent).OrderBy(e => e.Order))
        {
            var xml = _boundaryXml[boundary.Id];
            if (_refused.Contains(boundary.AttachedToId ?? ""))
            {
                continue;
            }

            if (boundary.AttachedToId is null || !_elements.TryGetValue(boundary.AttachedToId, out var activity) || !activity.IsActivity)
            {
                Error(xml, boundary.Id, "boundaryEvent", $"boundaryEvent '{boundary.Id}' is attached to '{boundary.AttachedToId}', which is not a userTask, serviceTask or subProcess");
                continue;
            }

            if (activity.ScopeId != boundary.ScopeId)
            {
                Error(xml, boundary.Id, "boundaryEvent", $"boundaryEvent '{boundary.Id}' is not in the same subProcess as '{activity.Id}'");
                continue;
            }

            activity.Boundaries.Add(boundary);
        }
    }

    private CaseExpression? Expression(XAttribute? attribute, string id, string type) =>
        attribute is null ? null : Expression(attribute.Value, attribute, id, type, attribute.Name.Namespace == CaseFlow ? $"caseflow:{attribute.Name.LocalName}" : attribute.Name.LocalName);

    private CaseExpression? Expression(string text, XObject at, string id, string type, string what)
    {
        var (expression, error) = CaseExpression.Parse(text);
        if (error is not null)
        {
            Error(at, id, type, $"{type} '{id}': {what} '{text.Trim()}' is not a CaseFlow expression: {error}");
        }

        return expression;
    }

    private void Add(XElement xml, FlowElement element)
    {
        if (!_elements.TryAdd(element.Id, element) || _flowXml.ContainsKey(element.Id))
        {
            Error(xml, element.Id, element.TypeName, $"{element.Describe()} has the same id as another element");
        }
    }

    private static bool Flag(XElement xml, string name) => (string?)xml.Attribute(CaseFlow + name) is { } value && value.Trim() == "true";

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');

    private void NotSupported(XElement xml, string type)
    {
        var id = Id(xml);
        var reason = Unsupported.TryGetValue(type, out var hint) ? $": {hint}" : "";
        Refuse(xml, id, type, $"{type} '{id}' is not supported by CaseFlow{reason}");
    }

    private void Error(XObject at, string id, string type, string message) => problems.Add(new ValidationProblem(Line(at), id, type, message));

    /// <summary>An element outside the subset: it is left out of the graph.</summary>
    private void Refuse(XObject at, string id, string type, string message)
    {
        _refused.Add(id);
        Error(at, id, type, message);
    }

    private void Warning(XObject at, string id, string type, string message) =>
        problems.Add(new ValidationProblem(Line(at), id, type, message, ProblemSeverity.Warning));

    private static string Id(XElement xml) => (string?)xml.Attribute("id") ?? "(no id)";

    internal static int Line(XObject xml) => xml is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
