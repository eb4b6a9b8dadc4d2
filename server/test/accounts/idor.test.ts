/**
 * A resident reaches only accounts bound to them: every resident endpoint that names an accountNo
 * answers 404 ACCOUNT_NOT_FOUND for someone else's account (existence is not confirmed) and changes
 * nothing, while the owner gets past that check. Routes are walked from app.routes.
 */
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { makeAccount, makeResident, type TestResident } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { idorCases, type IdorCase } from './idorCases';
import { concretePath, describeRoute, residentAllowed } from './routeWalk';
import type { RouteDef } from '../../src/platform/http/route';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const fill = (v: unknown, accountNo: string): unknown =>
  JSON.parse(JSON.stringify(v ?? null).replaceAll('$accountNo', accountNo));

function request(r: RouteDef, c: IdorCase, accountNo: string) {
  const query = c.query
    ? '?' + new URLSearchParams(fill(c.query, accountNo) as Record<string, string>).toString()
    : '';
  const body = ['get', 'delete'].includes(r.method) ? undefined : (fill(c.body ?? {}, accountNo) ?? {});
  return { path: concretePath(r.path, { accountNo }) + query, body };
}

function casesFor(routes: RouteDef[]): [RouteDef, IdorCase][] {
  return routes
    .filter((r) => residentAllowed(r) && (r.path.includes(':accountNo') || idorCases[r.spec.operationId]))
    .map((r) => [r, idorCases[r.spec.operationId] ?? {}]);
}

it('finds the resident account routes (bindAccount excluded: it is how access is gained)', () => {
  const ids = casesFor(t.app.routes).map(([r]) => r.spec.operationId);
  expect(ids).toEqual(expect.arrayContaining(['getMyAccount', 'unbindAccount', 'setDefaultAccount']));
});

describe('someone else’s account is "not found" on every resident endpoint', () => {
  let owner: TestResident;
  let intruder: TestResident;
  let accountNo: string;
  beforeAll(async () => {
    accountNo = (await makeAccount()).accountNo;
    owner = await makeResident(t.deps, { bind: [accountNo] });
    intruder = await makeResident(t.deps, { bind: [(await makeAccount()).accountNo] });
  });

  it.each(casesFor(createRoutes()).map(([r, c]) => [describeRoute(r), r, c] as const))(
    '%s',
    async (_name, r, c) => {
      const before = await AccountModel.findOne({ accountNo }).lean();
      const bindingsBefore = await BindingModel.countDocuments({ accountNo });
      const { path, body } = request(r, c, accountNo);
      const res = await t.api(r.method.toUpperCase(), path, { token: intruder.token, body });
      if (res.status === 400)
        throw new Error(
          `${describeRoute(r)} rejected the sample input: add a valid one to idorCases.ts (${JSON.stringify(res.body.error.fields)})`,
        );
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ACCOUNT_NOT_FOUND');
      expect(await AccountModel.findOne({ accountNo }).lean()).toEqual(before);
      expect(await BindingModel.countDocuments({ accountNo })).toBe(bindingsBefore);

      // The same request from the owner is not refused for access (it may fail later for other reasons).
      const mine = await t.api(r.method.toUpperCase(), path, { token: owner.token, body });
      expect(mine.body?.error?.code).not.toBe('ACCOUNT_NOT_FOUND');
      if (r.spec.operationId === 'unbindAccount')
        await BindingModel.create({
          userId: owner.userId,
          accountId: before!._id,
          accountNo,
          proof: 'holderName',
        });
    },
  );
});

/** Route declarations without a server, for it.each (evaluated before beforeAll runs). */
function createRoutes(): RouteDef[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require('../../src/app') as typeof import('../../src/app');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTestDeps } = require('../harness') as typeof import('../harness');
  return createApp(createTestDeps()).routes;
}
