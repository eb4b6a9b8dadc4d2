/**
 * Counts the database round trips of one HTTP request: every command the driver sends (find, getMore,
 * insert, update, aggregate, count...) while code of that request runs, recognised by its requestId in
 * the work context (platform/context.ts) that the request middleware sets. Outbox jobs carry the
 * requestId of the request that enqueued them but run as their own work (outboxKind), so they are not
 * counted; neither are schedules and workers (they have no requestId).
 *
 *   const trips = watchRoundTrips();            // after startTestServer({ db: await connectTestDb(undefined, { monitorCommands: true }) })
 *   const { result, commands } = await trips.of((headers) => t.api('GET', '/api/bills', { token, headers }));
 *   expectWithinBudget('listBills', commands, LIST_BILLS);
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { mongo } from 'mongoose';
import { currentWork } from '../src/platform/context';

/** One command a request sent: its name and collection ("find bills"). */
export type Command = string;

export type RoundTripWatch = {
  of<T>(send: (headers: Record<string, string>) => Promise<T>): Promise<{ result: T; commands: Command[] }>;
  stop(): void;
};

/** "find bills", or "getMore bills" (a getMore names its cursor first, and its collection beside it). */
function commandOf(e: mongo.CommandStartedEvent): Command {
  const target = e.commandName === 'getMore' ? e.command.collection : e.command[e.commandName];
  return typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName;
}

export function watchRoundTrips(): RoundTripWatch {
  const client = mongoose.connection.getClient();
  const byRequest = new Map<string, Command[]>();
  const listener = (e: mongo.CommandStartedEvent) => {
    const work = currentWork();
    if (!work?.requestId || work.outboxKind) return;
    byRequest.get(work.requestId)?.push(commandOf(e));
  };
  client.on('commandStarted', listener);
  return {
    async of(send) {
      const requestId = `budget-${randomUUID()}`;
      const commands: Command[] = [];
      byRequest.set(requestId, commands);
      try {
        const result = await send({ 'x-request-id': requestId });
        return { result, commands: [...commands] };
      } finally {
        byRequest.delete(requestId);
      }
    },
    stop: () => void client.off('commandStarted', listener),
  };
}

/** The commands outbox jobs of `kind` send while `run` runs (the test server's background polls are not counted). */
export async function jobCommands(kind: string, run: () => Promise<unknown>): Promise<Command[]> {
  const commands: Command[] = [];
  const client = mongoose.connection.getClient();
  const listener = (e: mongo.CommandStartedEvent) => {
    if (currentWork()?.outboxKind !== kind) return;
    commands.push(commandOf(e));
  };
  client.on('commandStarted', listener);
  try {
    await run();
  } finally {
    client.off('commandStarted', listener);
  }
  return commands;
}

/** Fails with the list of commands sent when a request took more round trips than its budget. */
export function expectWithinBudget(operation: string, commands: Command[], budget: number): void {
  // Zero would mean nothing was counted (monitoring off): a budget test that cannot fail.
  if (commands.length === 0)
    throw new Error(`${operation}: no round trips counted; is the connection monitoring commands?`);
  if (commands.length > budget) {
    throw new Error(
      `${operation}: ${commands.length} database round trips, budget ${budget}:\n  ${commands.join('\n  ')}`,
    );
  }
}

type Api = (method: 'GET', path: string, opts: { token: string }) => Promise<{ status: number }>;

/**
 * Budgets are for the steady state. The session check (accounts/sessionCheck.ts) reads the caller's token
 * version once per person per SESSION_CHECK_CACHE_MS in each process, not on every request; a test makes one
 * request first so that read is not charged to the operation it measures.
 */
export async function warmSession(api: Api, token: string, kind: 'resident' | 'staff'): Promise<void> {
  const r = await api('GET', kind === 'staff' ? '/api/staff/me' : '/api/me', { token });
  if (r.status !== 200) throw new Error(`session warm-up answered ${r.status}`);
}
