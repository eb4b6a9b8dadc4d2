/**
 * Round-trip budget of sending one chat message (roundTripBudget.ts): a change that adds a query to the
 * send path fails here with the list of commands it sent. Over the socket the same path runs, with many
 * messages sharing each round trip when they arrive together (message.writer.ts).
 */
import { connectTestDb, createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { expectWithinBudget, watchRoundTrips, warmSession, type RoundTripWatch } from '../roundTripBudget';
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
