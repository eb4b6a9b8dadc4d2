/**
 * 时限配置: a policy that could never run, or would run on another clock than meant, is refused naming the field,
 * and nothing is stored; every default policy is one the check accepts.
 */
import { DEFAULT_SLA_POLICIES } from '../../src/modules/workorders/config/defaults';
import { SlaPolicyModel } from '../../src/modules/workorders/config/config.model';
import { createTestDeps, startTestServer, type TestServer } from '../harness';
import { makeStaff, type TestStaff } from '../factories';

let t: TestServer;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps() });
  admin = await makeStaff(t.deps, ['admin'], { areas: [] });
});
afterAll(() => t.close());

const put = (key: string, body: Record<string, unknown>) =>
  t.api('PUT', `/api/admin/sla-policies/${key}`, { token: admin.token, body });
const arrive = {
  label: '紧急报修 30 分钟到场',
  type: 'repair',
  priority: 'urgent',
  startNode: 'accepted',
  targetNode: 'arrived',
  minutes: 30,
};

it.each([
  [
    'a start node not in the type’s flow',
    { startNode: 'surveyed' },
    'body.startNode',
    '起始节点不在该类型工单的流程中',
  ],
  [
    'a target node not in the flow',
    { targetNode: 'nowhere' },
    'body.targetNode',
    '目标节点不在该类型工单的流程中',
  ],
  [
    'a target before its start',
    { startNode: 'arrived', targetNode: 'dispatched' },
    'body.targetNode',
    '目标节点须在起始节点之后',
  ],
  ['a target equal to its start', { targetNode: 'accepted' }, 'body.targetNode', '目标节点须在起始节点之后'],
  ['an unknown calendar', { calendar: 'weekdays' }, 'body.calendar', '工作日历不存在'],
  [
    '改派 on a clock that does not start at 派单',
    { onBreach: 'reassign' },
    'body.onBreach',
    '超时改派只适用于从派单开始计时的时限',
  ],
])('refuses %s, naming the field, and stores nothing', async (_, change, path, message) => {
  const res = await put('urgent-arrive-bad', { ...arrive, ...change });
  expect(res.status).toBe(400);
  expect(res.body.error.fields).toEqual([{ path, message }]);
  expect(await SlaPolicyModel.exists({ key: 'urgent-arrive-bad' })).toBeNull();
});

it('stores a policy that can run: on the business calendar, and 改派 from 派单', async () => {
  expect((await put('urgent-arrive', { ...arrive, calendar: 'business' })).status).toBe(200);
  const take = {
    label: '派单 20 分钟未接则改派',
    type: 'repair',
    startNode: 'dispatched',
    targetNode: 'taken',
    minutes: 20,
    onBreach: 'reassign',
  };
  expect((await put('take-or-reassign', take)).status).toBe(200);
  expect(await SlaPolicyModel.countDocuments({ key: { $in: ['urgent-arrive', 'take-or-reassign'] } })).toBe(
    2,
  );
});

it('accepts every default policy as it is', async () => {
  for (const { key, ...policy } of DEFAULT_SLA_POLICIES) {
    const res = await put(key, policy);
    expect({ key, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({
      key,
      status: 200,
      body: undefined,
    });
  }
});

it('refuses a flow that drops a node an enabled policy times, naming the policy, until the policy is stopped', async () => {
  // After the test above: the defaults are stored, among them repair clocks that end at 到场 (arrived).
  const nodesOf = async () =>
    (await t.api('GET', '/api/admin/work-order-nodes/repair', { token: admin.token })).body.nodes as {
      key: string;
      label: string;
    }[];
  const before = await nodesOf();
  const withoutArrive = before.filter((n) => n.key !== 'arrived');
  const putNodes = (nodes: unknown) =>
    t.api('PUT', '/api/admin/work-order-nodes/repair', { token: admin.token, body: { nodes } });

  const refused = await putNodes(withoutArrive);
  expect(refused.status).toBe(400);
  const timing = (await SlaPolicyModel.find({ type: 'repair', enabled: { $ne: false } }).lean()).filter(
    (p) => p.startNode === 'arrived' || p.targetNode === 'arrived',
  );
  expect(timing.length).toBeGreaterThan(0);
  const named = refused.body.error.fields.map((f: { path: string; message: string }) => [
    f.path,
    /时限「(.+?)」/.exec(f.message)?.[1],
  ]);
  expect(named.sort()).toEqual(timing.map((p) => ['body.nodes', p.label]).sort());
  expect(refused.body.error.fields[0].message).toMatch(/ → 到场\):目标节点不在该类型工单的流程中,请先/);
  expect(await nodesOf()).toEqual(before); // nothing stored

  // Swapping a clock's two nodes is refused too (派单 → 接单, stored above): its target would come first.
  const swapped = [...before];
  const [a, b] = [
    swapped.findIndex((n) => n.key === 'dispatched'),
    swapped.findIndex((n) => n.key === 'taken'),
  ];
  [swapped[a], swapped[b]] = [swapped[b]!, swapped[a]!];
  const reversed = await putNodes(swapped);
  expect(reversed.status).toBe(400);
  expect(reversed.body.error.fields).toContainEqual({
    path: 'body.nodes',
    message:
      '时限「派单 20 分钟未接则改派」(派单 → 接单):目标节点须在起始节点之后,请先在时限配置中修改或停用它',
  });

  // With those policies stopped, the flow is the admin's to change.
  for (const p of timing)
    expect((await put(String(p.key), { ...p, key: undefined, _id: undefined, enabled: false })).status).toBe(
      200,
    );
  expect((await putNodes(withoutArrive)).status).toBe(200);
  expect((await nodesOf()).map((n) => n.key)).not.toContain('arrived');
});
