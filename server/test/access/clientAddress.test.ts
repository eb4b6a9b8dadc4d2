/**
 * Behind the proxy (TRUST_PROXY), the client address is the one the proxy saw: the rightmost
 * TRUST_PROXY_HOPS entries of X-Forwarded-For. A client writing its own X-Forwarded-For cannot pick
 * the address that per-IP limits count against (here: the console login throttle).
 */
import { AuditLogModel } from '../../src/platform/audit';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ TRUST_PROXY: 'true', STAFF_LOGIN_FAILURES_PER_IP: '3' })),
  });
});
afterAll(() => t.close());

const loginVia = (xff: string) =>
  t.api('POST', '/api/staff/login', {
    body: { username: 'nobody', password: 'guess' },
    headers: { 'x-forwarded-for': xff },
  });

it('counts a client that forges the leftmost X-Forwarded-For entry against the address the proxy saw', async () => {
  const statuses: number[] = [];
  // nginx with $proxy_add_x_forwarded_for appends the real address after whatever the client sent.
  for (let i = 0; i < 5; i++) statuses.push((await loginVia(`10.9.8.${i}, 203.0.113.7`)).status);
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
  const throttled = await AuditLogModel.findOne({ action: 'staff.login', outcome: 'ip_throttled' }).lean();
  expect(throttled?.target).toMatchObject({ kind: 'ip', id: '203.0.113.7' });

  // Another client behind the same proxy is not affected.
  expect((await loginVia('198.51.100.2')).status).toBe(401);
});
