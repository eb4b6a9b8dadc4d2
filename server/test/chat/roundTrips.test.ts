/**
 * Round-trip budget of sending one chat message (roundTripBudget.ts): a change that adds a query to the
 * send path fails here with the list of commands it sent. Over the socket the same path runs, with many
 * messages sharing each round trip when they arrive together (message.writer.ts).
 */
import mongoose, { type mongo } from 'mongoose';
import { connectTestDb, createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { expectWithinBudget, watchRoundTrips, warmSession, type RoundTripWatch } from '../roundTripBudget';
import { sessionCacheTrusted } from '../../src/modules/chat/sessionCache';
import { ChatClient, isMessage } from './chatClient';
import { liveChat } from './fixtures';

/**
 * POST /api/chat/sessions/:id/messages: the session (who may write, its last seq); the message inserted
 * (which is also how other processes learn of it). The session's lastSeq is not written per message: it is
 * recorded seconds later with every session that waited (message.writer.ts). An agent's reply to a
 * resident connected to this process asks nothing more (a resident without a socket here: one presence
 * read, and the notice enqueued).
 */
const SEND_CHAT_MESSAGE = 2;

/**
 * Persisting a message sent over the socket, from the frame to its ack, once the process knows the
 * conversation (sessionCache.ts: kept between messages while the change stream hears every other
 * process's change): its insert, nothing else. The first message after a change of the session (here the
 * assignment) reads the session too.
 */
const PERSIST_CHAT_MESSAGE = 1;
const PERSIST_FIRST_CHAT_MESSAGE = 2;

let t: TestServer;
let trips: RoundTripWatch;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00' })),
    db: await connectTestDb(undefined, { monitorCommands: true }),
  });
  trips = watchRoundTrips();
});
afterAll(async () => {
  trips.stop();
  await t.close();
});

it('a resident and the agent each send a message in at most SEND_CHAT_MESSAGE round trips', async () => {
  const { resident, agent, sessionId, desk } = await liveChat(t);
  const phone = await ChatClient.connect(t.url, resident.token);
  await warmSession(t.api, resident.token, 'resident');
  await warmSession(t.api, agent.token, 'staff');

  const asked = await trips.of((headers) =>
    t.api('POST', `/api/chat/sessions/${sessionId}/messages`, {
      token: resident.token,
      headers,
      body: { kind: 'text', text: '燃气费怎么交?', clientMsgId: 'budget-1' },
    }),
  );
  expect(asked.result.status).toBe(201);
  await desk.next(isMessage(sessionId, '燃气费怎么交?'));
  expectWithinBudget('sendChatMessage (resident)', asked.commands, SEND_CHAT_MESSAGE);

  const answered = await trips.of((headers) =>
    t.api('POST', `/api/chat/sessions/${sessionId}/messages`, {
      token: agent.token,
      headers,
      body: { kind: 'text', text: '可以在“缴费”页面直接支付', clientMsgId: 'budget-2' },
    }),
  );
  expect(answered.result.status).toBe(201);
  expect(answered.result.body.seq).toBe(asked.result.body.seq + 1);
  await phone.next(isMessage(sessionId, '可以在“缴费”页面直接支付'));
  expectWithinBudget('sendChatMessage (agent)', answered.commands, SEND_CHAT_MESSAGE);
  await Promise.all([phone.close(), desk.close()]);
});

/**
 * Every command the process sends while `act` runs, but the bus's change stream waiting for the next insert
 * (getMore): a socket frame has no request id to count by.
 */
async function commandsDuring<T>(act: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  const client = mongoose.connection.getClient();
  const commands: string[] = [];
  const listener = (e: mongo.CommandStartedEvent) => {
    if (e.commandName === 'getMore') return;
    const target = e.command[e.commandName];
    commands.push(typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName);
  };
  client.on('commandStarted', listener);
  try {
    return { result: await act(), commands };
  } finally {
    client.off('commandStarted', listener);
  }
}

it('a message sent over the socket is persisted in PERSIST_CHAT_MESSAGE round trip', async () => {
  const { resident, sessionId, desk } = await liveChat(t);
  const phone = await ChatClient.connect(t.url, resident.token);
  // The bus's change stream has caught up (it starts while the server already serves).
  for (let i = 0; !sessionCacheTrusted(t.deps); i++) {
    if (i > 100) throw new Error('the chat bus did not start its change stream');
    await new Promise((r) => setTimeout(r, 100));
  }
  await warmSession(t.api, resident.token, 'resident');

  const first = await commandsDuring(() => phone.say(sessionId, '你好'));
  expect(first.result.duplicate).toBe(false);
  expectWithinBudget('persist the first chat message', first.commands, PERSIST_FIRST_CHAT_MESSAGE);
  const next = await commandsDuring(() => phone.say(sessionId, '我家燃气表不走字了'));
  expect(next.result.message.seq).toBe(first.result.message.seq + 1);
  expectWithinBudget('persist a chat message', next.commands, PERSIST_CHAT_MESSAGE);
  await desk.next(isMessage(sessionId, '我家燃气表不走字了'));
  await Promise.all([phone.close(), desk.close()]);
});
