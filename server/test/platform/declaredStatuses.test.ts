/**
 * Every test server checks, as it closes, that each answer it sent has a status its operation declares in
 * /openapi.json (harness.ts, undeclaredAnswers): the whole suite keeps the document honest, not only the
 * fuzzer, which reaches fewer records. The check itself, here: an answer the document does not list is named,
 * one it lists is not, and a crash (500) is left to the fuzz gate and the tests that inject it.
 */
import { collectRoutes, access } from '../../src/platform/http/route';
import { errors } from '../../src/platform/http/errors';
import { httpRequestDuration } from '../../src/platform/metrics';
import type { Feature } from '../../src/platform/feature';
import { startTestServer, undeclaredAnswers, type TestServer } from '../harness';

const probe: Feature = {
  name: 'probe',
  routes: () =>
    collectRoutes((r) => {
      const paid = () => {
        throw errors.billAlreadyPaid();
      };
      r.get(
        '/api/probe/undeclared',
        { operationId: 'probeUndeclared', summary: 'u', access: access.public },
        paid,
      );
      const declared = {
        operationId: 'probeDeclared',
        summary: 'd',
        access: access.public,
        errors: { 409: '已缴清' },
      };
      r.get('/api/probe/declared', declared, paid);
      r.get('/api/probe/crash', { operationId: 'probeCrash', summary: 'c', access: access.public }, () => {
        throw new Error('a bug');
      });
    }),
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ features: [probe] });
});
afterAll(() => t.close());

it('names the answers whose status the document does not declare, and only those', async () => {
  expect(await undeclaredAnswers(t.app)).toEqual([]);
  for (const p of ['undeclared', 'declared', 'crash']) await t.api('GET', `/api/probe/${p}`);
  expect((await t.api('GET', '/api/probe/undeclared')).status).toBe(409);
  expect(await undeclaredAnswers(t.app)).toEqual(['GET probeUndeclared: 409']);
  // What this test sent on purpose is not held against the file when its server closes.
  httpRequestDuration.reset();
});
