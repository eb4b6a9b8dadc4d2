import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { runChatLoad } from './load';

jest.setTimeout(120_000);
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00' })) });
});
afterAll(() => t.close());

it('many residents and agents at once: every message answered, none lost or doubled', async () => {
  const n = Number(process.env.CHAT_LOAD_RESIDENTS ?? 60);
  const m = Number(process.env.CHAT_LOAD_AGENTS ?? 6);
  const r = await runChatLoad({
    url: t.url,
    deps: t.deps,
    residents: n,
    agents: m,
    rounds: Number(process.env.CHAT_LOAD_ROUNDS ?? 3),
    thinkMs: 200,
  });
  if (process.env.CHAT_LOAD_REPORT) process.stderr.write(`chat load: ${JSON.stringify(r)}\n`);
  expect(r.lost).toBe(0);
  expect(r.duplicated).toBe(0);
  expect(r.messages).toBe(n * Number(process.env.CHAT_LOAD_ROUNDS ?? 3) * 2);
});
