/**
 * Two (three) real portal processes sharing one database, as instances behind a load balancer: a resident
 * on one and an agent on another talk in real time. Each process learns what the other wrote through a
 * change stream where the database has them (the stand-in does, mongod replica sets do), and a process
 * told to poll (CHAT_BUS=polling, the fallback) still talks with both.
 */
import { randomBytes } from 'node:crypto';
import { makeResident, makeStaff } from '../factories';
import { connectTestDb, createTestDeps, testConfig } from '../harness';
import { databaseUri, startPortalProcess, type PortalProcess } from '../processes';
import { ChatClient, isMessage, isSession } from './chatClient';

jest.setTimeout(120_000);

const env = {
  SESSION_SECRET: randomBytes(32).toString('hex'),
  QR_SECRET: randomBytes(32).toString('hex'),
  CHAT_SERVICE_HOURS: '00:00-24:00',
  CHAT_POLL_MS: '100',
  LOG_LEVEL: 'info',
};
let db: Awaited<ReturnType<typeof connectTestDb>>;
let a: PortalProcess;
let b: PortalProcess;
let polling: PortalProcess;

beforeAll(async () => {
  db = await connectTestDb();
  const uri = { MONGODB_URI: databaseUri(db.dbName) };
  [a, b, polling] = await Promise.all([
    startPortalProcess({ ...env, ...uri }),
    startPortalProcess({ ...env, ...uri }),
    startPortalProcess({ ...env, ...uri, CHAT_BUS: 'polling' }),
  ]);
}, 300_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), polling?.stop()]);
  await db?.drop();
});

const deps = () => createTestDeps(testConfig(env));

async function json(url: string, method: string, token: string, body?: unknown) {
  const r = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
}

/** An agent online on `desk`'s process, and a resident on `phone`'s who opens a conversation there. */
async function conversation(deskAt: PortalProcess, phoneAt: PortalProcess, first: string) {
  const agent = await makeStaff(deps(), ['agent'], { name: '跨进程客服' });
  const desk = await ChatClient.connect(deskAt.url, agent.token);
  expect(
    (await json(`${deskAt.url}/api/chat/agent/status`, 'PUT', agent.token, { status: 'online' })).status,
  ).toBe(200);
  const resident = await makeResident(deps());
  const phone = await ChatClient.connect(phoneAt.url, resident.token);
  const opened = await json(`${phoneAt.url}/api/chat/sessions`, 'POST', resident.token, { text: first });
  expect(opened.status).toBe(200);
  const sessionId: string = opened.body.session.id;
  // Assigned by the resident's process to the agent whose socket is on the other one.
  await phone.next(isSession(sessionId, 'active'), 15_000);
  await desk.next(isSession(sessionId, 'active'), 15_000);
  return { agent, resident, desk, phone, sessionId };
}

/** Resolves once `p` has written `line` to its log (the bus starts while the process already serves). */
async function logged(p: PortalProcess, line: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!p.output().includes(line)) {
    if (Date.now() > deadline) throw new Error(`no "${line}" in the log:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('says which way each process receives what the others write', async () => {
  await logged(a, 'chat bus: change stream');
  await logged(b, 'chat bus: change stream');
  await logged(polling, 'chat bus: polling every 100 ms');
});

it('a resident on one process and an agent on another exchange messages in order, each once', async () => {
  const { resident, desk, phone, sessionId } = await conversation(a, b, '我家燃气表不走字了');

  const reply = await desk.say(sessionId, '您好,请问表号是多少?');
  expect(await phone.next(isMessage(sessionId, '您好,请问表号是多少?'), 10_000)).toMatchObject({
    message: { seq: reply.message.seq, from: 'agent', senderName: '跨进程客服' },
  });
  const answer = await phone.say(sessionId, '表号 G2026-1234');
  expect(answer.message.seq).toBe(reply.message.seq + 1);
  await desk.next(isMessage(sessionId, '表号 G2026-1234'), 10_000);

  // A read receipt sent over HTTP to the resident's process reaches the agent's socket.
  await json(`${b.url}/api/chat/sessions/${sessionId}/read`, 'POST', resident.token, {
    seq: reply.message.seq,
  });
  expect(await desk.next((f) => f.type === 'read', 10_000)).toMatchObject({
    by: 'resident',
    seq: reply.message.seq,
  });

  // The resident is away; on coming back (to the other process this time) they resume from the last seq held.
  const held = Math.max(...phone.messages(sessionId).map((m) => m.seq), answer.message.seq);
  await phone.close();
  const missed = [await desk.say(sessionId, '已为您登记'), await desk.say(sessionId, '师傅明天上门')];
  const back = await ChatClient.connect(a.url, resident.token);
  back.send({ type: 'resume', sessionId, afterSeq: held });
  const resumed = await back.next((f) => f.type === 'resumed', 10_000);
  expect(back.messages(sessionId).map((m) => m.text)).toEqual(['已为您登记', '师傅明天上门']);
  expect(resumed).toMatchObject({ lastSeq: missed[1].message.seq });

  // Nothing reached either side twice.
  await new Promise((r) => setTimeout(r, 500));
  for (const c of [desk, back]) {
    const seqs = c.messages(sessionId).map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  }
  await Promise.all([desk.close(), back.close()]);
});

it('a process that polls (no change stream) talks with one that streams', async () => {
  const { desk, phone, sessionId } = await conversation(a, polling, '暖气不热');
  await desk.say(sessionId, '请问是哪个房间?');
  await phone.next(isMessage(sessionId, '请问是哪个房间?'), 10_000);
  await phone.say(sessionId, '卧室');
  await desk.next(isMessage(sessionId, '卧室'), 10_000);
  await Promise.all([desk.close(), phone.close()]);
});
