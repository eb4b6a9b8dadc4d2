import { z } from '@portal/types';
import { collectRoutes, access } from '../../src/platform/http/route';
import { errors } from '../../src/platform/http/errors';
import type { Feature } from '../../src/platform/feature';
import { startTestServer, type TestServer } from '../harness';

const Echo = z.object({ name: z.string().min(1).max(20), amountFen: z.number().int().nonnegative() });

const probe: Feature = {
  name: 'probe',
  routes: () =>
    collectRoutes((r) => {
      r.post(
        '/api/probe/echo',
        { operationId: 'probeEcho', summary: 'echo', access: access.public, body: Echo, response: Echo },
        ({ body }) => ({ ...body, secret: 'stripped by the response schema' }),
      );
      r.get('/api/probe/boom', { operationId: 'probeBoom', summary: 'boom', access: access.public }, () => {
        throw new Error('database password is hunter2');
      });
      r.get(
        '/api/probe/paid',
        { operationId: 'probePaid', summary: 'paid', access: access.public, errors: { 409: '已缴清' } },
        () => {
          throw errors.billAlreadyPaid();
        },
      );
      r.get(
        '/api/probe/mine',
        { operationId: 'probeMine', summary: 'resident only', access: access.resident },
        ({ auth }) => ({ userId: auth.userId }),
      );
      r.get(
        '/api/probe/admin',
        { operationId: 'probeAdmin', summary: 'admin only', access: access.staff('admin') },
        ({ auth }) => ({ staffId: auth.staffId }),
      );
    }),
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ features: [probe] });
});
afterAll(() => t.close());

describe('HTTP contract', () => {
  it('healthz answers while the process is up', async () => {
    const r = await t.api('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
  });

  it('readyz answers 200 while the database is reachable', async () => {
    const r = await t.api('GET', '/readyz');
    expect(r.status).toBe(200);
  });

  it('serves a valid OpenAPI 3 document listing each operationId', async () => {
    const r = await t.api('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    const ops = Object.values(
      r.body.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops).toEqual(expect.arrayContaining(['getHealth', 'getReadiness', 'probeEcho', 'probeAdmin']));
    expect(r.body.paths['/api/probe/echo'].post.requestBody.content['application/json'].schema).toBeDefined();
    expect(r.body.components.schemas.Error).toBeDefined();
  });

  it('a bad body gets 400 naming each offending field', async () => {
    const r = await t.api('POST', '/api/probe/echo', { body: { name: '', amountFen: 1.5 } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.amountFen',
      'body.name',
    ]);
  });

  it('an operator object where a string belongs is a validation error, not a query', async () => {
    const r = await t.api('POST', '/api/probe/echo', { body: { name: { $gt: '' }, amountFen: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe('body.name');
  });

  it('malformed JSON gets 400 in the error shape', async () => {
    const r = await t.api('POST', '/api/probe/echo', {
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MALFORMED_BODY');
  });

  it('a body over the size limit gets 413 in the error shape', async () => {
    const r = await t.api('POST', '/api/probe/echo', {
      body: { name: 'x'.repeat(2 * 1024 * 1024), amountFen: 1 },
    });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('responses are parsed through their schema: undeclared fields never leak', async () => {
    const r = await t.api('POST', '/api/probe/echo', { body: { name: '张三', amountFen: 100 } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ name: '张三', amountFen: 100 });
  });

  it('an unknown route is a 404 in the error shape', async () => {
    const r = await t.api('GET', '/api/no/such/thing');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('an internal error is a 500 with a request id and neither stack nor message', async () => {
    const r = await t.api('GET', '/api/probe/boom');
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('INTERNAL');
    expect(r.body.error.requestId).toBe(r.headers.get('x-request-id'));
    expect(JSON.stringify(r.body)).not.toMatch(/hunter2|at .*\.ts/);
  });

  it('business errors carry their code and Chinese message', async () => {
    const r = await t.api('GET', '/api/probe/paid');
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'BILL_ALREADY_PAID', message: '该账单已缴清' });
  });

  it('protected routes: 401 without a token, 401 with a forged one, 403 for the wrong kind or role', async () => {
    expect((await t.api('GET', '/api/probe/mine')).status).toBe(401);
    expect((await t.api('GET', '/api/probe/mine', { token: 'forged.jwt.token' })).status).toBe(401);
    const resident = await t.deps.tokens.sign({ kind: 'resident', userId: 'u1' });
    const agent = await t.deps.tokens.sign({
      kind: 'staff',
      staffId: 's1',
      username: 'a',
      roles: ['agent'],
      areas: [],
    });
    const admin = await t.deps.tokens.sign({
      kind: 'staff',
      staffId: 's2',
      username: 'b',
      roles: ['admin'],
      areas: [],
    });
    expect((await t.api('GET', '/api/probe/mine', { token: resident })).body).toEqual({ userId: 'u1' });
    expect((await t.api('GET', '/api/probe/mine', { token: agent })).status).toBe(403);
    expect((await t.api('GET', '/api/probe/admin', { token: agent })).status).toBe(403);
    expect((await t.api('GET', '/api/probe/admin', { token: resident })).status).toBe(403);
    expect((await t.api('GET', '/api/probe/admin', { token: admin })).body).toEqual({ staffId: 's2' });
  });

  it('a token signed with another secret is refused', async () => {
    const { createSessionTokens } = await import('../../src/platform/auth/auth');
    const other = createSessionTokens('another-secret-another-secret-xx', 60);
    const token = await other.sign({ kind: 'resident', userId: 'u1' });
    expect((await t.api('GET', '/api/probe/mine', { token })).status).toBe(401);
  });
});
