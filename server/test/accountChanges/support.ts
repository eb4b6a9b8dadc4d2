/**
 * Setup shared by the 开户 / 过户 / 销户 / 报停 / 复供 tests: a portal on the test clock with the supervisor
 * who decides the area's applications.
 */
import { makeStaff, type TestStaff } from '../factories';
import {
  connectTestDb,
  createTestDeps,
  startTestServer,
  testConfig,
  type TestServer,
  type testClock,
} from '../harness';

export type ChangeDesk = { t: TestServer; supervisor: TestStaff };

/**
 * A portal running on `clock` with a supervisor of `area`, who approves or turns down its applications;
 * `monitorCommands` for a test that holds requests to round-trip budgets (roundTripBudget.ts).
 */
export async function startChangeDesk(
  clock: ReturnType<typeof testClock>,
  area: string,
  opts: { monitorCommands?: boolean } = {},
): Promise<ChangeDesk> {
  const t = await startTestServer({
    deps: createTestDeps(testConfig(), { clock }),
    ...(opts.monitorCommands ? { db: await connectTestDb(undefined, { monitorCommands: true }) } : {}),
  });
  const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: [area] });
  return { t, supervisor };
}
