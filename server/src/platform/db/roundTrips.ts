/**
 * Database round trips, counted from the driver's command monitoring (each command sent is one round
 * trip: find, getMore, update, insert, aggregate...). Clients connected with `monitorCommands: true`
 * are counted: the process-wide total (the bench divides it by the requests of a load), and the count
 * of the work running now (a request, an outbox job: see context.ts), which its log line reports.
 */
import type { mongo } from 'mongoose';
import { currentWork } from '../context';

let total = 0;
const counted = new WeakSet<mongo.MongoClient>();

/** Per command and collection since start: how many, and the milliseconds the driver waited for them. */
const profile = new Map<string, { count: number; ms: number }>();
let profiling = false;

/**
 * Starts recording, for every counted client, each command's name, collection and duration; returns what was
 * recorded since this call, busiest first. Profiles nest (each is the difference from where it started): the
 * bench's `BENCH_COMMANDS=1` prints one per scenario, and a scenario can take one of a part of itself.
 */
export function commandProfile(): () => { command: string; count: number; ms: number }[] {
  profiling = true;
  const start = new Map([...profile].map(([k, v]) => [k, { ...v }]));
  return () =>
    [...profile]
      .map(([command, v]) => {
        const before = start.get(command) ?? { count: 0, ms: 0 };
        return { command, count: v.count - before.count, ms: Math.round(v.ms - before.ms) };
      })
      .filter((r) => r.count > 0)
      .sort((a, b) => b.ms - a.ms);
}

export function countRoundTrips(client: mongo.MongoClient): void {
  if (counted.has(client)) return;
  counted.add(client);
  /** While profiling: each command in flight, by request id, named by command and collection. */
  const started = new Map<number, string>();
  client.on('commandStarted', (e) => {
    total++;
    const work = currentWork();
    if (work) work.roundTrips = (work.roundTrips ?? 0) + 1;
    // A getMore names its cursor, not its collection: the collection is a field of its own.
    const on = e.commandName === 'getMore' ? e.command.collection : e.command[e.commandName];
    if (profiling) started.set(e.requestId, `${e.commandName} ${String(on ?? '')}`.trim());
  });
  const done = (e: { commandName: string; duration: number; requestId: number }) => {
    if (!profiling) return;
    const name = started.get(e.requestId) ?? e.commandName;
    started.delete(e.requestId);
    const v = profile.get(name) ?? { count: 0, ms: 0 };
    v.count++;
    v.ms += e.duration;
    profile.set(name, v);
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
}

/** Round trips sent by every counted client of this process so far. */
export const roundTripsSoFar = (): number => total;
