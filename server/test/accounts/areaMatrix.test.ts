/**
 * Role × area: a staff member of one area does not read or act on another area's customer, work order or
 * escalation. For each such operation (areaCases.ts), every role the route allows that does not serve the
 * whole city under the record's area policy is tried from another area (404, nothing changed) and from the
 * record's own area (gets past the check). Every staff operation in /openapi.json is in the matrix: walked
 * here, or listed with why not; the count is asserted. roles.test.ts walks the role guard of every route.
 */
import type { StaffRole } from '@portal/types';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { EscalationModel } from '../../src/modules/workorders/sla/sla.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { AREA_POLICIES } from '../../src/platform/auth/areaScope';
import { ALL_STAFF_ROLES, type RouteDef } from '../../src/platform/http/route';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { AREA_FREE, AREA_RECORDS, type AreaRecordCase } from './areaCases';
import { concretePath, describeRoute, documentedOperations, staffRolesOf } from './routeWalk';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const IN = 'MXA-1';
const OUT = 'MXB';

/** Roles the route allows that serve only their own areas under the policy. */
function areaBoundRoles(r: RouteDef, c: AreaRecordCase): StaffRole[] {
  const allowed = staffRolesOf(r);
  const roles = allowed === 'any' ? ALL_STAFF_ROLES : allowed === 'none' ? [] : (allowed as StaffRole[]);
  const cityWide = AREA_POLICIES[c.policy].cityWide as readonly StaffRole[];
  return roles.filter((role) => !cityWide.includes(role));
}

it('every staff operation in /openapi.json is in the matrix, once', async () => {
  const staffOps = (await documentedOperations(t))
    .filter((op) => /Allowed:.*(any staff|staff roles:)/.test(op.description))
    .map((op) => op.operationId)
    .sort();
  const walked = Object.keys(AREA_RECORDS);
  const listed = Object.keys(AREA_FREE);
  expect(walked.filter((id) => listed.includes(id))).toEqual([]);
  expect([...walked, ...listed].sort()).toEqual(staffOps);
  expect(walked.length + listed.length).toBe(staffOps.length);
  // Every walked operation has at least one area-bound role to try.
  const routes = new Map(t.app.routes.map((r) => [r.spec.operationId, r]));
  const idle = walked.filter((id) => !areaBoundRoles(routes.get(id)!, AREA_RECORDS[id]!).length);
  expect(idle).toEqual([]);
});

describe('a staff member of another area gets "not found" for a household’s customer record, order and escalation', () => {
  let ids: Record<string, string>;

  async function recordState() {
    const [account, bindings, order, escalation] = await Promise.all([
      AccountModel.findOne({ accountNo: ids.accountNo }).lean(),
      BindingModel.countDocuments({ accountNo: ids.accountNo }),
      WorkOrderModel.findOne({ orderNo: ids.orderNo }).lean(),
      EscalationModel.findById(ids.escalationId).lean(),
    ]);
    return JSON.stringify({ account, bindings, order, escalation });
  }

  beforeAll(async () => {
    const account = await makeAccount({ areaCode: IN, holder: { name: '赵磊', phone: '13822223333' } });
    const resident = await makeResident(t.deps, { bind: [account.accountNo] });
    const order = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: {
        accountNo: account.accountNo,
        type: 'repair',
        category: 'indoorFault',
        description: '暖气不热',
        contactPhone: '13822223333',
      },
    });
    expect(order.status).toBe(201);
    const escalationId = `esc-matrix-${order.body.orderNo}`;
    await EscalationModel.create({
      _id: escalationId,
      orderNo: order.body.orderNo,
      policy: 'response',
      label: '响应超时',
      areaCode: IN,
      breachedAt: t.deps.clock.now(),
      level: 1,
    });
    ids = {
      accountNo: account.accountNo,
      orderNo: order.body.orderNo,
      escalationId,
      userId: resident.userId,
    };
  });

  const cases = createRoutes()
    .filter((r) => AREA_RECORDS[r.spec.operationId])
    .flatMap((r) =>
      areaBoundRoles(r, AREA_RECORDS[r.spec.operationId]!).map(
        (role) => [`${role} on ${describeRoute(r)}`, r, role] as const,
      ),
    );

  it.each(cases)('%s', async (_name, r, role) => {
    const c = AREA_RECORDS[r.spec.operationId]!;
    const fill = (v: unknown) =>
      JSON.parse(JSON.stringify(v ?? null).replace(/\$(\w+)/g, (m, k: string) => ids[k] ?? m));
    const path = concretePath(r.path, { ...ids, ...(fill(c.params ?? {}) as Record<string, string>) });
    const body = ['get', 'delete'].includes(r.method) ? undefined : (fill(c.body ?? {}) ?? {});

    const outsider = await makeStaff(t.deps, [role], { areas: [OUT] });
    const before = await recordState();
    const res = await t.api(r.method.toUpperCase(), path, { token: outsider.token, body });
    if (res.status === 400)
      throw new Error(
        `${describeRoute(r)} rejected the sample input: fix it in areaCases.ts (${JSON.stringify(res.body.error.fields)})`,
      );
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 404, code: c.expect });
    expect(await recordState()).toEqual(before);

    const insider = await makeStaff(t.deps, [role], { areas: ['MXA'] });
    const mine = await t.api(r.method.toUpperCase(), path, { token: insider.token, body });
    expect(mine.body?.error?.code).not.toBe(c.expect);
  });

  it('walks a role for each customer, order and escalation operation', () => {
    const walked = new Set(cases.map(([, r]) => r.spec.operationId));
    expect([...walked].sort()).toEqual(Object.keys(AREA_RECORDS).sort());
  });
});

/** Route declarations without a server, for it.each (evaluated before beforeAll runs). */
function createRoutes(): RouteDef[] {
  const { createApp } = require('../../src/app') as typeof import('../../src/app');
  const { createTestDeps } = require('../harness') as typeof import('../harness');
  return createApp(createTestDeps()).routes;
}
