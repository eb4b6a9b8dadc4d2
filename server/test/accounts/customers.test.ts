import mongoose from 'mongoose';
import { AuditLogModel } from '../../src/platform/audit';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { makeAccount, makeResident, makeStaff, type TestStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';

let t: TestServer;
let agent: TestStaff;
let supervisor: TestStaff;
beforeAll(async () => {
  t = await startTestServer();
  agent = await makeStaff(t.deps, ['agent']);
  supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['XC'] });
  await makeAccount({
    accountNo: '4200000001',
    holder: { name: '欧阳娜娜', phone: '13512340001' },
    address: { district: '西城区', community: '金融街小区', building: '7', unit: '1', room: '1201' },
    areaCode: 'XC-JRJ',
  });
  await makeAccount({
    accountNo: '4200000002',
    holder: { name: '欧阳修', phone: '13512340002' },
    address: { district: '西城区', community: '金融街小区', building: '8', unit: '1', room: '101' },
    areaCode: 'XC-JRJ',
  });
  await makeAccount({
    accountNo: '4300000003',
    holder: { name: '马丽', phone: '18600000003' },
    address: { district: '东城区', community: '和平里', building: '7', unit: '2', room: '202' },
    areaCode: 'DC-HPL',
  });
});
afterAll(() => t.close());

const search = (q: string, token = agent.token) =>
  t.api('GET', `/api/staff/customers?q=${encodeURIComponent(q)}`, { token });
const nos = (res: { body: { items: { accountNo: string }[] } }) =>
  res.body.items.map((i) => i.accountNo).sort();

describe('staff search for customers', () => {
  it('finds by 户号, phone, name and address fragment', async () => {
    expect(nos(await search('4200000001'))).toEqual(['4200000001']);
    expect(nos(await search('420000'))).toEqual(['4200000001', '4200000002']);
    expect(nos(await search('18600000003'))).toEqual(['4300000003']);
    expect(nos(await search('欧阳'))).toEqual(['4200000001', '4200000002']);
    expect(nos(await search('金融街小区8栋'))).toEqual(['4200000002']);
    expect(nos(await search('东城区'))).toEqual(['4300000003']);
    const page = await search('欧阳');
    expect(page.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(page.body.items[0].phoneMasked).toMatch(/^135\*{4}\d{4}$/);
  });

  it('treats regex characters literally', async () => {
    expect((await search('.*')).body.total).toBe(0);
  });

  it('limits a technician to their areas', async () => {
    const tech = await makeStaff(t.deps, ['technician'], { areas: ['DC'] });
    expect(nos(await search('7', tech.token)).length).toBe(0);
    expect(nos(await search('马', tech.token))).toEqual(['4300000003']);
    expect(nos(await search('欧阳', tech.token))).toEqual([]);
  });

  it.each([
    ['missing q', '', 'query.q'],
    ['oversize q', `?q=${'x'.repeat(200)}`, 'query.q'],
    ['operator object', '?q[$gt]=', 'query.q'],
    ['bad page', '?q=a&page=-1', 'query.page'],
  ])('%s → 400', async (_n, qs, field) => {
    const res = await t.api('GET', `/api/staff/customers${qs}`, { token: agent.token });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
  });
});

describe('the 360° record', () => {
  it('returns the whole customer in one call, robust to empty collections', async () => {
    const res = await t.api('GET', '/api/staff/customers/4300000003', { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      account: {
        accountNo: '4300000003',
        holder: { name: '马丽', phoneMasked: '186****0003' },
        address: { full: '东城区和平里7栋2单元202室' },
      },
      billing: { arrearsFen: 0, unpaidCount: 0, bills: { total: 0 } },
      workOrders: { total: 0, open: 0 },
      ratings: { count: 0, average: null },
      notes: [],
    });
  });

  it('sums arrears, lists bills, payments, orders, inspections and ratings, newest first', async () => {
    const accountNo = '4200000001';
    const db = mongoose.connection;
    await db.collection('bills').insertMany([
      { accountNo, period: '2026-09', amountDue: 8650, status: 'paid', dueDate: new Date() },
      { accountNo, period: '2026-10', amountDue: 9120, status: 'overdue', dueDate: new Date() },
      { accountNo, period: '2026-11', amountDue: 10030, status: 'unpaid', dueDate: new Date() },
      { accountNo: '4200000002', period: '2026-11', amountDue: 5000, status: 'unpaid', dueDate: new Date() },
    ]);
    await db
      .collection('payments')
      .insertOne({ accountNo, outTradeNo: 'P1', amountFen: 8650, status: 'paid', createdAt: new Date() });
    await db.collection('workOrders').insertMany([
      {
        accountNo,
        orderNo: 'WO1',
        type: 'repair',
        state: 'closed',
        rating: { score: 5 },
        createdAt: new Date('2026-10-01'),
      },
      {
        accountNo,
        orderNo: 'WO2',
        type: 'repair',
        state: 'open',
        rating: { score: 4 },
        createdAt: new Date('2026-11-01'),
      },
      {
        accountNo,
        orderNo: 'WO3',
        type: 'inspection',
        state: 'closed',
        inspectionPlanId: 'plan-2026',
        createdAt: new Date('2026-06-01'),
      },
    ]);
    await makeResident(t.deps, { bind: [accountNo] });
    const res = await t.api('GET', `/api/staff/customers/${accountNo}?limit=5`, { token: agent.token });
    expect(res.body.billing).toMatchObject({
      arrearsFen: 19150,
      unpaidCount: 2,
      bills: { total: 3 },
      payments: { total: 1 },
    });
    expect(res.body.billing.bills.items.map((b: { period: string }) => b.period)).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
    ]);
    expect(res.body.workOrders).toMatchObject({ total: 2, open: 1 });
    expect(res.body.workOrders.items.map((o: { orderNo: string }) => o.orderNo)).toEqual(['WO2', 'WO1']);
    expect(res.body.inspections.items.map((o: { orderNo: string }) => o.orderNo)).toEqual(['WO3']);
    expect(res.body.ratings).toEqual({ count: 2, average: 4.5 });
    expect(res.body.residents).toHaveLength(1);
  });

  it('is 404 for an unknown account', async () => {
    const res = await t.api('GET', '/api/staff/customers/9999999999', { token: agent.token });
    expect(res.status).toBe(404);
  });
});

describe('staff writes on a customer are audited', () => {
  it('adds a note', async () => {
    const res = await t.api('POST', '/api/staff/customers/4200000002/notes', {
      token: agent.token,
      body: { text: '用户反映燃气表走字快,已解释' },
    });
    expect(res.status).toBe(201);
    const rec = await t.api('GET', '/api/staff/customers/4200000002', { token: agent.token });
    expect(rec.body.notes[0]).toMatchObject({
      text: '用户反映燃气表走字快,已解释',
      by: agent.staff.username,
    });
    expect(
      await AuditLogModel.countDocuments({
        action: 'customer.note',
        'target.id': '4200000002',
        'actor.id': agent.staffId,
      }),
    ).toBe(1);
  });

  it('changes tags with before/after in the audit log', async () => {
    const res = await t.api('PATCH', '/api/staff/customers/4200000002', {
      token: supervisor.token,
      body: { tags: ['独居老人'] },
    });
    expect(res.status).toBe(200);
    const entry = await AuditLogModel.findOne({
      action: 'customer.update',
      'target.id': '4200000002',
    }).lean();
    expect(entry).toMatchObject({ before: { tags: [] }, after: { tags: ['独居老人'] } });
  });

  it.each([
    ['operator object', { tags: { $set: ['VIP'] } }, 'body.tags'],
    ['unknown field', { idNumber: '110101199001011234' }, 'body'],
    ['oversize needs', { specialNeeds: 'x'.repeat(1000) }, 'body.specialNeeds'],
    ['empty', {}, 'body.tags'],
  ])('%s → 400, nothing changed', async (_n, body, field) => {
    const before = await AccountModel.findOne({ accountNo: '4200000002' }).lean();
    const res = await t.api('PATCH', '/api/staff/customers/4200000002', { token: supervisor.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await AccountModel.findOne({ accountNo: '4200000002' }).lean()).toEqual(before);
  });

  it('note text is required and bounded', async () => {
    for (const body of [{}, { text: { $gt: '' } }, { text: 'x'.repeat(2000) }]) {
      const res = await t.api('POST', '/api/staff/customers/4200000002/notes', { token: agent.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('body.text');
    }
  });
});
