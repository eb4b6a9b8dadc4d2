/**
 * 一户一码 management (console 一户一码): a community's or building's codes with each one's last scan,
 * printing the sheet for one building, and revoking one household's code, which stops it at once: the old
 * code's page and payment answer 二维码已失效, the new code pays.
 */
import { AuditLogModel } from '../../src/platform/audit';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { qrTokenFor } from '../../src/modules/billing/qr.service';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { CLOSE_ORDER_JOB } from '../../src/modules/billing/payments.service';
import { createWorker } from '../../src/platform/outbox/worker';
import { featureJobs } from '../../src/platform/runtime';
import { pdfText } from '../pdfText';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { makeBill } from './billFactories';
import { startPayTest, type PayTest } from './payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest({ verification: 'certificate', env: { QR_RATE_PER_IP_PER_MINUTE: '1000' } });
});
afterAll(() => p.close());

let seq = 0;
const community = () => `一码小区${Date.now() % 1e6}${seq++}`;
const list = (token: string, q: Record<string, string>) =>
  p.t.api('GET', `/api/staff/qr-codes?${new URLSearchParams(q)}`, { token });

describe('listAccountQrs', () => {
  it('lists a building’s codes in door order with when each was last scanned', async () => {
    const c = community();
    const a1 = await makeAccount({
      address: { district: '朝阳区', community: c, building: '1', unit: '1', room: '101' },
    });
    const a2 = await makeAccount({
      address: { district: '朝阳区', community: c, building: '1', unit: '1', room: '102' },
    });
    await makeAccount({
      address: { district: '朝阳区', community: c, building: '2', unit: '1', room: '101' },
    });
    const sup = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });

    let r = await list(sup.token, { community: c, building: '1' });
    expect(r.status).toBe(200);
    expect(r.body.map((x: { accountNo: string }) => x.accountNo)).toEqual([a1.accountNo, a2.accountNo]);
    expect(r.body[0]).toEqual({
      accountNo: a1.accountNo,
      addressMasked: expect.stringContaining(c),
      building: '1',
      revision: 1,
    });

    const before = p.t.deps.clock.now().getTime();
    expect((await p.t.api('GET', `/api/qr/${qrTokenFor(p.t.deps, a2)}`)).status).toBe(200);
    r = await list(sup.token, { community: c, building: '1' });
    expect(r.body[0].lastScannedAt).toBeUndefined();
    expect(new Date(r.body[1].lastScannedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await list(sup.token, { community: c })).body).toHaveLength(3);
  });

  it('shows a supervisor none of another area’s codes, and answers 404 to revoking one', async () => {
    const c = community();
    const hd = await makeAccount({
      areaCode: 'HD-QH',
      address: { district: '海淀区', community: c, building: '1', unit: '1', room: '101' },
    });
    const cySupervisor = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    expect((await list(cySupervisor.token, { community: c })).body).toEqual([]);
    const revoke = await p.t.api('POST', `/api/staff/accounts/${hd.accountNo}/qr/revoke`, {
      token: cySupervisor.token,
    });
    expect(revoke.status).toBe(404);
    expect((await AccountModel.findOne({ accountNo: hd.accountNo }).lean())?.qrRevision).toBe(1);
    expect(
      (
        await p.t.api('GET', `/api/staff/qr-sheet.pdf?community=${encodeURIComponent(c)}`, {
          token: cySupervisor.token,
        })
      ).status,
    ).toBe(404);
    const hdSupervisor = await makeStaff(p.t.deps, ['supervisor'], { areas: ['HD'] });
    expect((await list(hdSupervisor.token, { community: c })).body).toHaveLength(1);
  });

  it('names the missing or too long field, and is not for agents or technicians', async () => {
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    const missing = await p.t.api('GET', '/api/staff/qr-codes', { token: sup.token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['query.community']);
    const long = await list(sup.token, { community: '望京园', building: 'x'.repeat(21) });
    expect(long.status).toBe(400);
    expect(long.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['query.building']);
    for (const role of ['agent', 'technician'] as const) {
      const s = await makeStaff(p.t.deps, [role]);
      expect((await list(s.token, { community: '望京园' })).status).toBe(403);
    }
  });
});

describe('printing and revoking', () => {
  it('prints the sheet for one building only', async () => {
    const c = community();
    const b1 = await makeAccount({
      address: { district: '朝阳区', community: c, building: '7', unit: '1', room: '101' },
    });
    const b2 = await makeAccount({
      address: { district: '朝阳区', community: c, building: '8', unit: '1', room: '101' },
    });
    const op = await makeStaff(p.t.deps, ['operator'], { areas: [] });
    const res = await fetch(
      `${p.t.url}/api/staff/qr-sheet.pdf?${new URLSearchParams({ community: c, building: '7' })}`,
      {
        headers: { authorization: `Bearer ${op.token}` },
      },
    );
    expect(res.status).toBe(200);
    const { text } = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain(b1.accountNo);
    expect(text).not.toContain(b2.accountNo);
    // A supervisor of the area prints it too (their areas applied to the estate's rows).
    const sup = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const theirs = await fetch(`${p.t.url}/api/staff/qr-sheet.pdf?${new URLSearchParams({ community: c })}`, {
      headers: { authorization: `Bearer ${sup.token}` },
    });
    expect(theirs.status).toBe(200);
    expect((await pdfText(Buffer.from(await theirs.arrayBuffer()))).text).toContain(b2.accountNo);
  });

  it('revokes one household’s code at once: the old code answers 二维码已失效 and cannot pay; the new one pays', async () => {
    const account = await makeAccount();
    const bill = await makeBill(account, { period: '2026-10', amountDue: 3_300 });
    const oldToken = qrTokenFor(p.t.deps, account);
    const scanner = await makeResident(p.t.deps);
    expect((await p.t.api('GET', `/api/qr/${oldToken}`)).status).toBe(200);

    const sup = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const revoked = await p.t.api('POST', `/api/staff/accounts/${account.accountNo}/qr/revoke`, {
      token: sup.token,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revision).toBe(2);
    expect(
      await AuditLogModel.countDocuments({ action: 'account.qrRevoke', 'target.id': account.accountNo }),
    ).toBe(1);

    const page = await p.t.api('GET', `/api/qr/${oldToken}`);
    expect(page.status).toBe(410);
    expect(page.body.error).toMatchObject({
      code: 'QR_REVOKED',
      message: '二维码已失效,请联系营业厅获取新的缴费码',
    });
    const payOld = await p.t.api('POST', '/api/payments', {
      token: scanner.token,
      body: { qrToken: oldToken, billIds: [bill._id.toString()] },
    });
    expect(payOld.status).toBe(410);
    expect(payOld.body.error.message).toContain('二维码已失效');

    const payNew = await p.t.api('POST', '/api/payments', {
      token: scanner.token,
      body: { qrToken: revoked.body.token, billIds: [bill._id.toString()] },
    });
    expect(payNew.status).toBe(200);
    expect(
      (await list(sup.token, { community: account.address!.community, building: account.address!.building }))
        .body,
    ).toEqual(
      expect.arrayContaining([expect.objectContaining({ accountNo: account.accountNo, revision: 2 })]),
    );
  });

  it('closes an order started with the old code that is still unpaid, here and at WeChat, so it can no longer be paid', async () => {
    const account = await makeAccount();
    const bill = await makeBill(account, { period: '2026-11', amountDue: 2_600 });
    const scanner = await makeResident(p.t.deps);
    const started = await p.t.api('POST', '/api/payments', {
      token: scanner.token,
      body: { qrToken: qrTokenFor(p.t.deps, account), billIds: [bill._id.toString()] },
    });
    expect(started.status).toBe(200);
    const { outTradeNo } = started.body.payment;

    const sup = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const revoked = await p.t.api('POST', `/api/staff/accounts/${account.accountNo}/qr/revoke`, {
      token: sup.token,
    });
    expect(revoked.status).toBe(200);
    expect(await PaymentModel.findOne({ outTradeNo }).lean()).toMatchObject({
      status: 'closed',
      closedReason: 'qr_revoked',
    });
    await createWorker({ handlers: featureJobs(p.t.deps), kinds: [CLOSE_ORDER_JOB] }).drain();
    expect((await p.sandbox.client.getOrder(outTradeNo)).trade_state).toBe('CLOSED');
    await expect(p.sandbox.client.payOrder(outTradeNo)).rejects.toThrow(/ORDER_CLOSED/);
    // The household's bill is free again for the new code.
    const payNew = await p.t.api('POST', '/api/payments', {
      token: scanner.token,
      body: { qrToken: revoked.body.token, billIds: [bill._id.toString()] },
    });
    expect(payNew.status).toBe(200);
  });
});
