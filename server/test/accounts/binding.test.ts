import { AuditLogModel } from '../../src/platform/audit';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { makeAccount, makeResident } from '../factories';
import { startTestServer, testClock, createTestDeps, type TestServer } from '../harness';

let t: TestServer;
const clock = testClock(new Date('2026-11-20T02:00:00Z'));
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(undefined, { clock }) });
});
afterAll(() => t.close());

const bind = (token: string, body: unknown) => t.api('POST', '/api/accounts/bind', { token, body });

describe('binding a 户号', () => {
  it('binds with the holder name and lists the account masked', async () => {
    const account = await makeAccount({ holder: { name: '王建国', phone: '13912345678' } });
    const r = await makeResident(t.deps);
    const res = await bind(r.token, { accountNo: account.accountNo, holderName: ' 王建国 ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      accountNo: account.accountNo,
      holderNameMasked: '王**',
      relation: 'self',
      isDefault: true,
    });
    expect(res.body.addressMasked).not.toContain('501');

    const list = await t.api('GET', '/api/accounts', { token: r.token });
    expect(list.body.items.map((a: { accountNo: string }) => a.accountNo)).toEqual([account.accountNo]);
    const audit = await AuditLogModel.findOne({
      action: 'binding.attempt',
      'target.id': account.accountNo,
    }).lean();
    expect(audit).toMatchObject({ outcome: 'ok', actor: { kind: 'resident', id: r.userId } });
  });

  it("binds a parent's home with the holder's name and phone tail, as a second, non-default account", async () => {
    const own = await makeAccount();
    const parents = await makeAccount({ holder: { name: '李秀英', phone: '13600009876' } });
    const r = await makeResident(t.deps, { bind: [own.accountNo] });
    await BindingModel.updateOne({ userId: r.userId }, { $set: { isDefault: true } });
    const res = await bind(r.token, {
      accountNo: parents.accountNo,
      holderName: '李秀英',
      phoneTail: '9876',
      relation: 'family',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ relation: 'family', isDefault: false });
    const detail = await t.api('GET', `/api/accounts/${parents.accountNo}`, { token: r.token });
    expect(detail.status).toBe(200);
    expect(detail.body.meters).toHaveLength(1);
  });

  it('binding the same account twice keeps one binding', async () => {
    const account = await makeAccount();
    const r = await makeResident(t.deps);
    const [a, b] = await Promise.all([
      bind(r.token, { accountNo: account.accountNo, holderName: '张三' }),
      bind(r.token, { accountNo: account.accountNo, holderName: '张三' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await BindingModel.countDocuments({ userId: r.userId })).toBe(1);
  });

  it('refuses a wrong name, a wrong phone tail and an unknown account alike', async () => {
    const account = await makeAccount({ holder: { name: '赵敏', phone: '13800001111' } });
    const r = await makeResident(t.deps);
    const wrongName = await bind(r.token, { accountNo: account.accountNo, holderName: '赵明' });
    const wrongTail = await bind(r.token, {
      accountNo: account.accountNo,
      holderName: '赵敏',
      phoneTail: '2222',
    });
    const unknown = await bind(r.token, { accountNo: '9999999999', holderName: '赵敏' });
    for (const res of [wrongName, wrongTail, unknown]) {
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('BINDING_PROOF_MISMATCH');
    }
    expect(await BindingModel.countDocuments({ userId: r.userId })).toBe(0);
    expect(await AuditLogModel.countDocuments({ 'actor.id': r.userId, outcome: 'proof_mismatch' })).toBe(3);
  });

  it('refuses a closed account even with the right proof', async () => {
    const account = await makeAccount({ status: 'closed' });
    const r = await makeResident(t.deps);
    const res = await bind(r.token, { accountNo: account.accountNo, holderName: '张三' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('ACCOUNT_CLOSED');
  });

  it('locks binding for that account and user after 5 failures within an hour, then lets them try again', async () => {
    const account = await makeAccount({ holder: { name: '孙丽', phone: '13700004321' } });
    const other = await makeAccount({ holder: { name: '周杰', phone: '13700001234' } });
    const r = await makeResident(t.deps);
    const bystander = await makeResident(t.deps);
    const guesses = await Promise.all(
      ['1111', '2222', '3333', '4444', '5555', '6666', '7777'].map((tail) =>
        bind(r.token, { accountNo: account.accountNo, holderName: '孙丽', phoneTail: tail }),
      ),
    );
    const statuses = guesses.map((g) => g.status).sort();
    // The first five attempts are always checked; later ones are refused (a near-simultaneous pair may
    // both be checked, so the count is "at least five", never all seven).
    expect(statuses.filter((s) => s === 422).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s !== 422 && s !== 429)).toEqual([]);

    // Even the right answer is refused while locked.
    const locked = await bind(r.token, { accountNo: account.accountNo, holderName: '孙丽' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('BINDING_LOCKED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(
      await AuditLogModel.countDocuments({ 'actor.id': r.userId, outcome: 'locked' }),
    ).toBeGreaterThanOrEqual(2);

    // The lock is per (account, user): other accounts and other users are unaffected.
    expect((await bind(r.token, { accountNo: other.accountNo, holderName: '周杰' })).status).toBe(200);
    expect((await bind(bystander.token, { accountNo: account.accountNo, holderName: '孙丽' })).status).toBe(
      200,
    );

    clock.advance(3600_000 + 1000);
    expect((await bind(r.token, { accountNo: account.accountNo, holderName: '孙丽' })).status).toBe(200);
  });

  it('unbinds, after which the account is unreachable', async () => {
    const a1 = await makeAccount();
    const a2 = await makeAccount();
    const r = await makeResident(t.deps, { bind: [a1.accountNo, a2.accountNo] });
    await BindingModel.updateOne(
      { userId: r.userId, accountNo: a1.accountNo },
      { $set: { isDefault: true } },
    );
    const res = await t.api('DELETE', `/api/accounts/${a1.accountNo}`, { token: r.token });
    expect(res.status).toBe(200);
    expect((await t.api('GET', `/api/accounts/${a1.accountNo}`, { token: r.token })).status).toBe(404);
    const list = await t.api('GET', '/api/accounts', { token: r.token });
    expect(list.body.items).toEqual([expect.objectContaining({ accountNo: a2.accountNo, isDefault: true })]);
    expect(await AuditLogModel.countDocuments({ action: 'binding.remove', 'target.id': a1.accountNo })).toBe(
      1,
    );
  });
});

describe('bad input on binding', () => {
  it.each([
    ['missing accountNo', { holderName: '张三' }, 'body.accountNo'],
    ['operator object', { accountNo: { $gt: '' }, holderName: '张三' }, 'body.accountNo'],
    ['operator in proof', { accountNo: '3100000001', holderName: { $ne: 'x' } }, 'body.holderName'],
    ['no proof', { accountNo: '3100000001' }, 'body.holderName'],
    ['phone tail alone', { accountNo: '3100000001', phoneTail: '1234' }, 'body.holderName'],
    ['oversize name', { accountNo: '3100000001', holderName: '张'.repeat(500) }, 'body.holderName'],
    ['wrong type', { accountNo: 3100000001, holderName: '张三' }, 'body.accountNo'],
    ['bad tail', { accountNo: '3100000001', holderName: '张三', phoneTail: '12a4' }, 'body.phoneTail'],
    ['bad SMS code', { accountNo: '3100000001', smsCode: '12345' }, 'body.smsCode'],
    ['unknown relation', { accountNo: '3100000001', holderName: '张三', relation: 'boss' }, 'body.relation'],
  ])('%s → 400 naming the field, nothing written', async (_name, body, field) => {
    const r = await makeResident(t.deps);
    const res = await bind(r.token, body);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await AuditLogModel.countDocuments({ 'actor.id': r.userId })).toBe(0);
  });
});
