/**
 * Spraying the binding proof: 户号 are printed on every bill, so a stranger can try names against one
 * account, or walk through account numbers. Failures count per account across residents and per
 * resident across accounts, both lock and alert staff, and the phone tail alone is no longer proof.
 * The holder of a locked account still gets in with a code sent to the registered phone.
 */
import { accountsFeature } from '../../src/modules/accounts/feature';
import { sandboxSmsCollection } from '../../src/modules/messaging/sms';
import { AuditLogModel } from '../../src/platform/audit';
import { createWorker } from '../../src/platform/outbox/worker';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const bind = (token: string, body: Record<string, unknown>) =>
  t.api('POST', '/api/accounts/bind', { token, body });
const drainAccountsJobs = () => createWorker({ handlers: accountsFeature.jobs!(t.deps), pollMs: 10 }).drain();
const smsTo = async (phone: string) =>
  (await sandboxSmsCollection().find({ phone }).sort({ sentAt: 1 }).toArray()).map((m) => m.text);

describe('one 户号 sprayed by many residents', () => {
  it('locks name proofs on the account for everyone after 10 failures, alerts staff, and still takes the holder’s SMS code', async () => {
    const admin = await makeStaff(t.deps, ['admin'], { areas: [], phone: '13900000001' });
    const account = await makeAccount({ areaCode: 'SP-A1', holder: { name: '赵丽', phone: '13700001111' } });
    const strangers = await Promise.all(Array.from({ length: 12 }, () => makeResident(t.deps)));

    // Twelve guesses at once from twelve residents: exactly ten are checked, the rest are refused.
    const guesses = await Promise.all(
      strangers.map((s, i) => bind(s.token, { accountNo: account.accountNo, holderName: `错误${i}` })),
    );
    expect(guesses.filter((r) => r.status === 422)).toHaveLength(10);
    expect(guesses.filter((r) => r.status === 429).map((r) => r.body.error.code)).toEqual([
      'BINDING_LOCKED',
      'BINDING_LOCKED',
    ]);

    // Even the right name is refused now: the lock is on the account, not on the guesser.
    const holder = await makeResident(t.deps);
    const right = await bind(holder.token, { accountNo: account.accountNo, holderName: '赵丽' });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('BINDING_LOCKED');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(3600);

    // Staff hear about it: an audit entry and an SMS to the admin.
    const alerts = await AuditLogModel.find({
      action: 'security.alert',
      'target.id': account.accountNo,
    }).lean();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.outcome).toBe('bindingSprayAccount');
    await drainAccountsJobs();
    expect((await smsTo(admin.staff.phone!)).join()).toContain(account.accountNo);

    // The holder asks for a code; it goes to the registered phone only, and binds.
    const sent = await t.api('POST', '/api/accounts/bind/sms-code', {
      token: holder.token,
      body: { accountNo: account.accountNo },
    });
    expect(sent.status).toBe(200);
    await drainAccountsJobs();
    const [text] = await smsTo('13700001111');
    const code = /验证码\s*(\d{6})/.exec(text ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await bind(holder.token, {
      accountNo: account.accountNo,
      smsCode: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    const ok = await bind(holder.token, { accountNo: account.accountNo, smsCode: code });
    expect(ok.status).toBe(200);
    expect(ok.body.accountNo).toBe(account.accountNo);
    // The code is the requester's: another resident cannot use it.
    const stranger = strangers[0]!;
    expect((await bind(stranger.token, { accountNo: account.accountNo, smsCode: code })).status).toBe(422);
  });
});

describe('one resident walking through 户号 numbers', () => {
  it('is locked across all accounts after 10 failures, and staff are alerted', async () => {
    const walker = await makeResident(t.deps);
    const accounts = await Promise.all(
      Array.from({ length: 11 }, (_, i) => makeAccount({ holder: { name: `户主${i}` } })),
    );
    for (const a of accounts.slice(0, 10)) {
      const r = await bind(walker.token, { accountNo: a.accountNo, holderName: '张三' });
      expect(r.status).toBe(422);
    }
    // The 11th account has had no failure at all, and the name is right: still refused.
    const last = accounts[10]!;
    const r = await bind(walker.token, { accountNo: last.accountNo, holderName: '户主10' });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('BINDING_LOCKED');
    expect(
      await AuditLogModel.countDocuments({
        action: 'security.alert',
        'target.id': walker.userId,
        outcome: 'bindingSprayUser',
      }),
    ).toBe(1);
    // Someone else binds that account without trouble.
    const owner = await makeResident(t.deps);
    expect((await bind(owner.token, { accountNo: last.accountNo, holderName: '户主10' })).status).toBe(200);
  });
});

describe('the phone tail', () => {
  it('is not proof on its own, only together with the holder’s name', async () => {
    const account = await makeAccount({ holder: { name: '钱伟', phone: '13600002222' } });
    const r = await makeResident(t.deps);
    const tailOnly = await bind(r.token, { accountNo: account.accountNo, phoneTail: '2222' });
    expect(tailOnly.status).toBe(400);
    expect(tailOnly.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.holderName');
    expect(
      (await bind(r.token, { accountNo: account.accountNo, holderName: '钱伟', phoneTail: '1111' })).status,
    ).toBe(422);
    const both = await bind(r.token, { accountNo: account.accountNo, holderName: '钱伟', phoneTail: '2222' });
    expect(both.status).toBe(200);
  });
});

describe('binding codes', () => {
  it('answer the same for any 户号, and are limited per account so nobody can flood the holder’s phone', async () => {
    const account = await makeAccount({ holder: { name: '孙红', phone: '13500003333' } });
    const asker = await makeResident(t.deps);
    const unknown = await t.api('POST', '/api/accounts/bind/sms-code', {
      token: asker.token,
      body: { accountNo: '9999999999' },
    });
    const known = await t.api('POST', '/api/accounts/bind/sms-code', {
      token: asker.token,
      body: { accountNo: account.accountNo },
    });
    expect(unknown.status).toBe(200);
    expect(known.body).toEqual(unknown.body);

    const others = await Promise.all([1, 2, 3].map(() => makeResident(t.deps)));
    const answers = [];
    for (const o of others)
      answers.push(
        await t.api('POST', '/api/accounts/bind/sms-code', {
          token: o.token,
          body: { accountNo: account.accountNo },
        }),
      );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    await drainAccountsJobs();
    expect(await smsTo('13500003333')).toHaveLength(3);
  });
});
