// The npm peer of CaseFlow's in-memory engine benchmark: bpmn-engine runs N instances of the same BPMN file one
// after another, driving the user tasks the way the C# side does, and prints one JSON line with the counts and time.
//
//   node bpmn-engine-bench.mjs <file.bpmn> <instances> <co-departments> [warm-up instances]
//
// bpmn-engine does not read CaseFlow's caseflow: attributes, so before timing the moddle tree of the same file is
// given their meaning in bpmn-engine's own terms (see translate below); nothing else in the file changes.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import BpmnModdle from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import serializer, { TypeResolver } from 'moddle-context-serializer';

const [file, instancesArg, departmentsArg, warmupArg] = process.argv.slice(2);
if (!file || !instancesArg) {
  console.error('usage: node bpmn-engine-bench.mjs <file.bpmn> <instances> <co-departments> [warm-up instances]');
  process.exit(2);
}

const instances = Number.parseInt(instancesArg, 10);
const departments = Number.parseInt(departmentsArg ?? '3', 10);
const warmup = Number.parseInt(warmupArg ?? String(Math.min(200, instances)), 10);
const coDepartments = Array.from({ length: departments }, (_, i) => `D${i + 1}`);

const moddle = new BpmnModdle();
const parsed = await moddle.fromXML(readFileSync(file, 'utf8'));
translate(parsed.rootElement);
// Parsed and serialized once and reused by every instance (bpmn-engine's sourceContext option), as CaseFlow reuses
// one parsed ProcessDefinition: what is timed is execution, not loading.
const sourceContext = serializer(parsed, TypeResolver(Elements));

/** Gives the caseflow: attributes the same meaning in bpmn-engine's terms. */
function translate(root) {
  const visit = (element) => {
    if (!element || typeof element !== 'object') return;
    const attrs = element.$attrs ?? {};
    if (element.$type === 'bpmn:MultiInstanceLoopCharacteristics' && attrs['caseflow:collection']) {
      // CaseFlow names a process variable; bpmn-engine resolves an expression over the environment.
      element.collection = `\${environment.variables.${attrs['caseflow:collection']}}`;
      element.elementVariable = attrs['caseflow:elementVariable'];
    }

    if (element.$type === 'bpmn:TimerEventDefinition' && attrs['caseflow:workingDays'] && !element.timeDuration) {
      // Working days have no meaning in bpmn-engine: the same number of calendar days, so a real timer is set and
      // cancelled, as CaseFlow schedules and deletes its timer row.
      element.timeDuration = moddle.create('bpmn:FormalExpression', {
        body: `P\${environment.variables.${attrs['caseflow:workingDays']}}D`,
      });
    }

    if (element.$type === 'bpmn:SequenceFlow' && element.conditionExpression && !element.conditionExpression.language) {
      // CaseFlow's `name == "literal"` becomes the equivalent JavaScript condition, bpmn-engine's usual kind.
      const match = /^\s*(\w+)\s*==?\s*"([^"]*)"\s*$/.exec(element.conditionExpression.body ?? '');
      if (!match) throw new Error(`condition of ${element.id} is not name == "literal": ${element.conditionExpression.body}`);
      element.conditionExpression.language = 'javascript';
      element.conditionExpression.body = `next(null, environment.variables.${match[1]} === ${JSON.stringify(match[2])})`;
    }

    for (const [key, value] of Object.entries(element)) {
      if (key.startsWith('$')) continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && value.$type) visit(value);
    }
  };
  visit(root);
}

/** Runs one instance to its end; returns [triggers, element entries]. */
async function runInstance() {
  const listener = new EventEmitter();
  let entries = 0;
  const waiting = [];
  const reached = new Set();
  listener.on('activity.start', () => entries++);
  listener.on('activity.end', (api) => reached.add(api.id));
  listener.on('wait', (api) => {
    if (api.type === 'bpmn:UserTask') waiting.push(api);
  });
  const engine = new Engine({
    name: 'approval',
    sourceContext,
    settings: { enableDummyService: true },
  });
  const ended = engine.waitFor('end');
  const execution = await engine.execute({
    listener,
    variables: { leadDepartment: 'LEAD', coDepartments, departmentLimit: 5 },
  });
  let triggers = 1; // the start
  while (waiting.length > 0) {
    const api = waiting.shift();
    // CaseFlow sets the completing task's variables on the process; here the process environment gets them.
    if (api.id === 'Task_LeadDecision') api.environment.variables.decision = 'approve';
    api.signal({ outcome: 'done' });
    triggers++;
  }

  await ended;
  if (!reached.has('End_Approved')) throw new Error(`instance ended without reaching End_Approved: ${[...reached]}`);
  return [triggers, entries];
}

for (let i = 0; i < warmup; i++) await runInstance();

let triggers = 0;
let entries = 0;
const started = performance.now();
for (let i = 0; i < instances; i++) {
  const [t, e] = await runInstance();
  triggers += t;
  entries += e;
}

const seconds = (performance.now() - started) / 1000;
// The installed version, read from the file because the package does not export its package.json.
const { version } = JSON.parse(readFileSync(new URL('node_modules/bpmn-engine/package.json', import.meta.url), 'utf8'));
console.log(JSON.stringify({ engine: 'bpmn-engine', version, instances, departments, seconds, triggers, entries }));
