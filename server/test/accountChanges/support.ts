/**
 * Setup shared by the 开户 / 过户 / 销户 / 报停 / 复供 tests: a portal on the test clock with the supervisor
 * who decides the area's applications, and the document photos a resident uploads before applying.
 */
import sharp from 'sharp';
import { makeStaff, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testConfig, type TestServer, type testClock } from '../harness';

export type ChangeDesk = { t: TestServer; supervisor: TestStaff };

/** A portal running on `clock` with a supervisor of `area`, who approves or turns down its applications. */
export async function startChangeDesk(
  clock: ReturnType<typeof testClock>,
  area: string,
): Promise<ChangeDesk> {
  const t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
  const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: [area] });
  return { t, supervisor };
}

/** A small PNG (an ID card or property proof) uploaded by the resident: its upload id. */
export async function uploadDocumentPhoto(t: TestServer, token: string): Promise<string> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36a' } })
    .png()
    .toBuffer();
  const res = await t.api('POST', '/api/uploads', {
    token,
    rawBody: png,
    headers: { 'content-type': 'image/png' },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}
