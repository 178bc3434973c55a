// The npm peer of CaseFlow's scheduler benchmark: pg-boss 10.x in its own database of the same throwaway cluster,
// with the same shape of work as the C# side, and one JSON line with the figures at the end.
//
//   node pg-boss-bench.mjs '<json settings>'      (the connection comes from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)
//
// settings: open (jobs in the queue), due (of them, due at once), instances (PgBoss objects, like nodes), workers
// (work() calls per instance: 10.x has no teamSize, each work() call is one polling loop), batchSize, drainPoll
// (pollingIntervalSeconds while draining), latencyRate (jobs per second coming due), latencySeconds, latencyPoll.
//
// 1. Drain: `open` jobs are inserted through boss.insert in chunks, every (open / due)-th with a startAfter in the past,
//    the others days ahead (the clocks of the C# side have the same layout). Then the workers start and the time runs
//    until every due job has been handed to a handler (claimed) and until every one is completed in the table.
// 2. Latency: after the drain the workers are replaced by ones polling every latencyPoll seconds; latencyRate × latencySeconds
//    jobs are inserted with startAfter at a steady rate from a few seconds ahead, and each handler records the time it got
//    its job minus the job's startAfter.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import PgBoss from 'pg-boss';

const settings = JSON.parse(process.argv[2] ?? '{}');
const {
  open = 1_000_000, due = 20_000, instances = 2, workers = 2, batchSize = 1000, drainPoll = 0.5,
  latencyRate = 200, latencySeconds = 30, latencyPoll = 1, lead = 5,
} = settings;
const version = JSON.parse(readFileSync(new URL('./node_modules/pg-boss/package.json', import.meta.url), 'utf8')).version;
const db = {
  host: process.env.PGHOST, port: Number(process.env.PGPORT), user: process.env.PGUSER,
  password: process.env.PGPASSWORD, database: process.env.PGDATABASE,
};
const queue = 'bench';
const log = (message) => console.error(`[pg-boss] ${message}`);
// Promise.withResolvers is node 22+; the machine has 20.
function deferred() {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve };
}

// Pool size: each worker holds at most one connection at a time; one more for completions and maintenance.
const bosses = Array.from({ length: instances }, () => new PgBoss({ ...db, max: workers + 2 }));
for (const boss of bosses) {
  boss.on('error', (error) => log(`error: ${error.message}`));
}
await bosses[0].start();
for (const boss of bosses.slice(1)) {
  await boss.start();
}
await bosses[0].createQueue(queue);
const sql = async (text, values = []) => (await bosses[0].getDb().executeSql(text, values)).rows;

// 1. Drain.
const every = Math.floor(open / due);
const now = Date.now();
let inserted = 0;
const insertWatch = performance.now();
for (let start = 1; start <= open; start += 10_000) {
  const jobs = [];
  for (let i = start; i < Math.min(start + 10_000, open + 1); i++) {
    const startAfter = i % every === 0 ? new Date(now - 60_000 - i) : new Date(now + 3_600_000 + i * 1000);
    jobs.push({ name: queue, data: { i }, startAfter: startAfter.toISOString() });
  }
  await bosses[0].insert(jobs);
  inserted += jobs.length;
}
await sql('VACUUM ANALYZE pgboss.job');
const dueCount = Number((await sql("SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND start_after < now()", [queue]))[0].n);
log(`inserted ${inserted} jobs (${dueCount} due) in ${((performance.now() - insertWatch) / 1000).toFixed(1)} s`);

let handled = 0;
let lastHandledAt = 0;
let drainStarted = 0;
const drained = deferred();
const drainWorkers = [];
drainStarted = performance.now();
for (const boss of bosses) {
  for (let w = 0; w < workers; w++) {
    drainWorkers.push([boss, await boss.work(queue, { batchSize, pollingIntervalSeconds: drainPoll }, async (jobs) => {
      handled += jobs.length;
      if (handled >= dueCount) {
        lastHandledAt = performance.now();
        drained.resolve();
      }
    })]);
  }
}
await drained.promise;
const claimSeconds = (lastHandledAt - drainStarted) / 1000;
// Completions are sent after each handler without being awaited by the worker loop: wait until the table shows them all.
while (Number((await sql("SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'", [queue]))[0].n) < dueCount) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const completeSeconds = (performance.now() - drainStarted) / 1000;
for (const [boss, id] of drainWorkers) {
  await boss.offWork({ id });
}
log(`drained ${handled} jobs: claimed in ${claimSeconds.toFixed(2)} s, completed in ${completeSeconds.toFixed(2)} s`);

// 2. Latency: jobs coming due at a steady rate while workers poll at the production-like interval.
const latencyJobs = Math.round(latencyRate * latencySeconds);
const latencyStart = Date.now() + lead * 1000;
const jobs = Array.from({ length: latencyJobs }, (_, k) => {
  const dueAt = latencyStart + Math.round((k * 1000) / latencyRate);
  return { name: queue, data: { dueAt }, startAfter: new Date(dueAt).toISOString() };
});
for (let k = 0; k < jobs.length; k += 10_000) {
  await bosses[0].insert(jobs.slice(k, k + 10_000));
}
if (Date.now() >= latencyStart) {
  throw new Error('inserting the latency jobs took longer than the lead time; raise lead');
}
const latencies = [];
const latencyDone = deferred();
for (const boss of bosses) {
  for (let w = 0; w < workers; w++) {
    await boss.work(queue, { batchSize, pollingIntervalSeconds: latencyPoll }, async (batch) => {
      const at = Date.now();
      for (const job of batch) {
        latencies.push(at - job.data.dueAt);
      }
      if (latencies.length >= latencyJobs) {
        latencyDone.resolve();
      }
    });
  }
}
await latencyDone.promise;
for (const boss of bosses) {
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
}

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] / 1000;
console.log(JSON.stringify({
  version, open: inserted, due: dueCount, instances, workers, batchSize, drainPoll,
  claimSeconds, completeSeconds,
  latencyJobs: latencies.length, latencyRate, latencyPoll,
  p50: pct(50), p95: pct(95), p99: pct(99), max: latencies[latencies.length - 1] / 1000,
}));
