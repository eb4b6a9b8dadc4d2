/** The demo shows outage notices out of the box: one coming planned outage, one already restored. */
import { seedAccounts } from '../../src/demo/accounts';
import { seedNotices } from '../../src/demo/notices';
import { createNotices } from '../../src/modules/notices/notices.service';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig({ DEMO_ACCOUNTS: '30' })) });
});
afterAll(async () => t.close());

it('seeds an active planned gas outage and a restored water outage for demo areas, each reaching its households', async () => {
  await seedAccounts(t.deps);
  await seedNotices(t.deps);
  const res = await t.api('GET', '/api/notices');
  expect(res.status).toBe(200);
  const byStatus = Object.fromEntries(res.body.items.map((n: { status: string }) => [n.status, n]));
  expect(byStatus.published).toMatchObject({ utility: 'gas', kind: 'planned' });
  expect(byStatus.restored).toMatchObject({ utility: 'water', kind: 'emergency' });
  // Each covers demo households, the demo resident's among them (one of their homes is in each area).
  for (const n of res.body.items) {
    const audience = await createNotices(t.deps).audienceOf(n.id);
    expect(audience.accounts).toBeGreaterThan(0);
    expect(audience.users).toBeGreaterThan(0);
  }
});
