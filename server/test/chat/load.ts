/**
 * Chat load: N resident sockets and M agent sockets on one portal, every resident in a live
 * conversation; agents echo each resident message; the resident measures send → echo received
 * (two persisted messages and two deliveries: the round trip a person feels).
 *
 *   const deps = ...; // the portal's deps, mongoose connected to its database
 *   const r = await runChatLoad({ url, deps, residents: 2000, agents: 200, rounds: 5 });
 *   // r.roundTripMs.p50 / p99, r.ackMs.p99, r.lost, r.duplicated
 *
 * Used by server/test/chat/load.test.ts at a small size and by the bench at full size.
 */
import type { ServerFrame } from '@portal/types';
import type { AppDeps } from '../../src/deps';
import { makeResident, makeStaff } from '../factories';
import { ChatClient } from './chatClient';

export type ChatLoadOptions = {
  url: string;
  deps: AppDeps;
  residents: number;
  agents: number;
  /** Messages each resident sends, one after another (waiting for the echo). */
  rounds?: number;
  /** Pause between a resident's messages, ms (spreads the load). */
  thinkMs?: number;
  /** How many sockets/sessions are set up at once. */
  setupConcurrency?: number;
};

export type ChatLoadResult = {
  residents: number;
  agents: number;
  messages: number;
  setupMs: number;
  runMs: number;
  roundTripMs: Stats;
  ackMs: Stats;
  lost: number;
  duplicated: number;
};

type Stats = { p50: number; p90: number; p99: number; max: number; mean: number };

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: s.at(-1) ?? NaN,
    mean: Math.round(mean * 10) / 10,
  };
}

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size)
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => fn(i + j)))));
  return out;
}

export async function runChatLoad(o: ChatLoadOptions): Promise<ChatLoadResult> {
  const rounds = o.rounds ?? 5;
  const conc = o.setupConcurrency ?? 50;
  const t0 = Date.now();
  const capacity = Math.ceil(o.residents / o.agents) + 1;

  const agents = await inBatches(o.agents, conc, async () => {
    const staff = await makeStaff(o.deps, ['agent'], { name: '压测客服' });
    const desk = await ChatClient.connect(o.url, staff.token);
    // Echo every resident message back into its conversation.
    desk.ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as ServerFrame;
      if (f.type === 'message' && f.message.from === 'resident') {
        desk.send({
          type: 'send',
          sessionId: f.message.sessionId,
          clientMsgId: `echo-${f.message.clientMsgId}`,
          message: { kind: 'text', text: `回复:${f.message.text}` },
        });
      }
    });
    const r = await fetch(`${o.url}/api/chat/agent/status`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'online', capacity: Math.min(50, capacity) }),
    });
    if (r.status !== 200) throw new Error(`agent status ${r.status}`);
    return desk;
  });

  const residents = await inBatches(o.residents, conc, async () => {
    const resident = await makeResident(o.deps);
    const phone = await ChatClient.connect(o.url, resident.token);
    const r = await fetch(`${o.url}/api/chat/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${resident.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    const body = (await r.json()) as { session?: { id: string } };
    if (!body.session)
      throw new Error(`opening a conversation answered ${r.status}: ${JSON.stringify(body)}`);
    return { phone, sessionId: body.session.id };
  });
  // Every conversation must have an agent before measuring.
  await Promise.all(
    residents.map(({ phone, sessionId }) =>
      phone.next(
        (f) => f.type === 'session' && f.session.id === sessionId && f.session.status === 'active',
        120_000,
      ),
    ),
  );
  const setupMs = Date.now() - t0;

  const roundTrips: number[] = [];
  const acks: number[] = [];
  const t1 = Date.now();
  const closeAll = () =>
    Promise.all([...residents.map((r) => r.phone.close()), ...agents.map((d) => d.close())]);
  await Promise.all(
    residents.map(async ({ phone, sessionId }, i) => {
      await new Promise((r) => setTimeout(r, Math.random() * (o.thinkMs ?? 1000)));
      for (let k = 0; k < rounds; k++) {
        const id = `r${i}-${k}`;
        const start = performance.now();
        phone.send({ type: 'send', sessionId, clientMsgId: id, message: { kind: 'text', text: `问题${k}` } });
        const ack = phone
          .next((f) => f.type === 'ack' && f.clientMsgId === id, 30_000)
          .then(() => acks.push(performance.now() - start));
        await phone.next((f) => f.type === 'message' && f.message.clientMsgId === `echo-${id}`, 30_000);
        roundTrips.push(performance.now() - start);
        await ack;
        if (o.thinkMs) await new Promise((r) => setTimeout(r, o.thinkMs));
      }
    }),
  ).catch(async (e: unknown) => {
    // A wait that timed out: close everything, so no other wait fails later in another test file.
    await closeAll();
    throw e;
  });
  const runMs = Date.now() - t1;

  let lost = 0;
  let duplicated = 0;
  for (const { phone, sessionId } of residents) {
    const echoes = phone.messages(sessionId).filter((m) => m.from === 'agent');
    const ids = new Set(echoes.map((m) => m.clientMsgId));
    duplicated += echoes.length - ids.size;
    lost += rounds - ids.size;
  }
  await closeAll();
  return {
    residents: o.residents,
    agents: o.agents,
    messages: roundTrips.length * 2,
    setupMs,
    runMs,
    roundTripMs: stats(roundTrips),
    ackMs: stats(acks),
    lost,
    duplicated,
  };
}
