/**
 * Every protected route of every feature, walked from app.routes: no token → 401; a resident on a
 * staff-only route → 403; a staff member on a resident-only route → 403; each staff role outside the
 * route's declared list → 403. The guard answers before input validation, so no bodies are needed.
 */
import { ALL_STAFF_ROLES } from '../../src/platform/http/route';
import type { StaffRole } from '@portal/types';
import { makeResident, makeStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { concretePath, describeRoute, isProtected, residentAllowed, staffRolesOf } from './routeWalk';

/** Staff routes open to every staff member by design (their own profile). Keep this list short. */
const ANY_STAFF_BY_DESIGN = new Set(['getStaffMe']);

let t: TestServer;
let residentToken: string;
const roleTokens = new Map<StaffRole, string>();
beforeAll(async () => {
  t = await startTestServer();
  residentToken = (await makeResident(t.deps)).token;
  for (const role of ALL_STAFF_ROLES) roleTokens.set(role, (await makeStaff(t.deps, [role])).token);
});
afterAll(() => t.close());

const call = (method: string, path: string, token?: string) =>
  t.api(method.toUpperCase(), path, { token, body: ['get', 'delete'].includes(method) ? undefined : {} });

it('walks a non-trivial set of routes', () => {
  expect(t.app.routes.filter(isProtected).length).toBeGreaterThan(10);
});

it('every staff-only route states the roles it allows', () => {
  const vague = t.app.routes
    .filter(
      (r) =>
        isProtected(r) &&
        !residentAllowed(r) &&
        staffRolesOf(r) === 'any' &&
        !ANY_STAFF_BY_DESIGN.has(r.spec.operationId),
    )
    .map(describeRoute);
  expect(vague).toEqual([]);
});

it('every protected route refuses a request without a token (401)', async () => {
  const wrong: string[] = [];
  for (const r of t.app.routes.filter(isProtected)) {
    const res = await call(r.method, concretePath(r.path));
    if (res.status !== 401) wrong.push(`${describeRoute(r)} → ${res.status}`);
  }
  expect(wrong).toEqual([]);
});

it('staff-only routes refuse residents, and resident-only routes refuse staff (403)', async () => {
  const wrong: string[] = [];
  for (const r of t.app.routes.filter(isProtected)) {
    if (!residentAllowed(r)) {
      const res = await call(r.method, concretePath(r.path), residentToken);
      if (res.status !== 403) wrong.push(`resident on ${describeRoute(r)} → ${res.status}`);
    }
    if (staffRolesOf(r) === 'none') {
      const res = await call(r.method, concretePath(r.path), roleTokens.get('admin'));
      if (res.status !== 403) wrong.push(`admin on ${describeRoute(r)} → ${res.status}`);
    }
  }
  expect(wrong).toEqual([]);
});

it('each staff role outside a route’s list is refused (403)', async () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const r of t.app.routes.filter(isProtected)) {
    const allowed = staffRolesOf(r);
    if (!Array.isArray(allowed)) continue;
    for (const role of ALL_STAFF_ROLES.filter((x) => !allowed.includes(x))) {
      const res = await call(r.method, concretePath(r.path), roleTokens.get(role));
      checked++;
      if (res.status !== 403) wrong.push(`${role} on ${describeRoute(r)} → ${res.status}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(checked).toBeGreaterThan(0);
});

it('a token for a role the route allows gets past the guard', async () => {
  const wrong: string[] = [];
  for (const r of t.app.routes.filter(
    (x) => isProtected(x) && Array.isArray(staffRolesOf(x)) && x.method === 'get',
  )) {
    const role = (staffRolesOf(r) as StaffRole[])[0]!;
    const res = await call(r.method, concretePath(r.path), roleTokens.get(role));
    if (res.status === 401 || (res.status === 403 && res.body?.error?.code === 'FORBIDDEN'))
      wrong.push(`${role} on ${describeRoute(r)} → ${res.status}`);
  }
  expect(wrong).toEqual([]);
});
