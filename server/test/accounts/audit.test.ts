import { audit, AuditLogModel, changedFields } from '../../src/platform/audit';
import { makeStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

it('keeps only the fields that changed, without secrets', () => {
  expect(
    changedFields(
      { a: 1, b: [1], passwordHash: 'x', updatedAt: 1 },
      { a: 1, b: [1, 2], passwordHash: 'y', updatedAt: 2 },
    ),
  ).toEqual({
    before: { b: [1] },
    after: { b: [1, 2] },
  });
});

it('is append-only: updates and deletes are refused', async () => {
  await audit.record({
    actor: { kind: 'system', id: 't' },
    action: 'test.write',
    target: { kind: 'x', id: '1' },
  });
  await expect(
    AuditLogModel.updateOne({ action: 'test.write' }, { $set: { action: 'forged' } }),
  ).rejects.toThrow();
  await expect(AuditLogModel.deleteMany({})).rejects.toThrow();
  expect(await AuditLogModel.countDocuments({ action: 'test.write' })).toBe(1);
});

it('admins query it by action, actor, target and time, newest first; others may not', async () => {
  const admin = await makeStaff(t.deps, ['admin']);
  const actor = { kind: 'staff' as const, id: 'staff-1', name: 'a' };
  await audit.record({
    actor,
    action: 'workOrder.assign',
    target: { kind: 'workOrder', id: 'WO1' },
    at: new Date('2026-11-01T00:00:00Z'),
  });
  await audit.record({
    actor,
    action: 'workOrder.assign',
    target: { kind: 'workOrder', id: 'WO2' },
    at: new Date('2026-11-02T00:00:00Z'),
  });
  const byAction = await t.api('GET', '/api/staff/audit?action=workOrder.assign', { token: admin.token });
  expect(byAction.body.items.map((e: { target: { id: string } }) => e.target.id)).toEqual(['WO2', 'WO1']);
  const byTime = await t.api('GET', '/api/staff/audit?actorId=staff-1&from=2026-11-01T12:00:00.000Z', {
    token: admin.token,
  });
  expect(byTime.body.total).toBe(1);
  const bad = await t.api('GET', '/api/staff/audit?action=a&action=b', { token: admin.token });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields[0].path).toBe('query.action');
  const agent = await makeStaff(t.deps, ['agent']);
  expect((await t.api('GET', '/api/staff/audit', { token: agent.token })).status).toBe(403);
});

it('past LIST_COUNT_UP_TO the log says "more than" instead of counting every entry, and pages on', async () => {
  const admin = await makeStaff(t.deps, ['admin']);
  const actor = { kind: 'staff' as const, id: 'staff-count', name: 'c' };
  for (let i = 0; i < 30; i++)
    await audit.record({
      actor,
      action: 'bill.remind',
      target: { kind: 'bill', id: `B${String(i).padStart(2, '0')}` },
      at: new Date(Date.UTC(2026, 10, 1, 0, i)),
    });
  const page = async (n: number) =>
    (await t.api('GET', `/api/staff/audit?actorId=staff-count&pageSize=10&page=${n}`, { token: admin.token }))
      .body as { items: { target: { id: string } }[]; total: number; totalCapped?: true };
  const saved = t.deps.config.LIST_COUNT_UP_TO;
  t.deps.config.LIST_COUNT_UP_TO = 12;
  try {
    expect(await page(1)).toMatchObject({ total: 12, totalCapped: true });
    expect(await page(2)).toMatchObject({ total: 20, totalCapped: true }); // counted on to the page's end
    const last = await page(3);
    expect(last).toMatchObject({ total: 30 });
    expect(last).not.toHaveProperty('totalCapped');
    expect(last.items.map((e) => e.target.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `B${String(9 - i).padStart(2, '0')}`),
    ); // the same rows as ever: newest first, the oldest ten last
  } finally {
    t.deps.config.LIST_COUNT_UP_TO = saved;
  }
  expect(await page(1)).toMatchObject({ total: 30 });
});
