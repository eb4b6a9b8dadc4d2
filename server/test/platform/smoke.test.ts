import { startTestServer } from '../harness';

it('boots', async () => {
  const t = await startTestServer();
  const r = await t.api('GET', '/healthz');
  expect(r.status).toBe(200);
  await t.close();
});
