/** 一户一码: a signed, revocable token shows masked data and lets anyone logged in pay without binding. */
import { H5_BASE_PATH, parsePageLink, RESIDENT_PAGES } from '@portal/types';
import { parseWxaCodeContent } from '../../sandbox/client';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { qrTokenFor } from '../../src/modules/billing/qr.service';
import { readQrToken, signQrToken } from '../../src/modules/billing/qrToken';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { pdfText } from '../pdfText';
import { decodeQrImage, imageFormat } from '../qrImage';
import { makeBill } from './billFactories';
import { startPayTest, type PayTest } from './payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest({
    verification: 'certificate',
    env: { QR_RATE_PER_TOKEN_PER_MINUTE: '5', QR_RATE_PER_IP_PER_MINUTE: '1000' },
  });
});
afterAll(() => p.close());

async function accountWithBills() {
  const account = await makeAccount({ holder: { name: '欧阳娜娜' }, accountNo: `88${Date.now() % 1e9}` });
  const bills = [
    await makeBill(account, { period: '2026-09', amountDue: 3_000 }),
    await makeBill(account, { period: '2026-10', amountDue: 4_500 }),
  ];
  await makeBill(account, { period: '2026-08', status: 'paid' });
  return { account, bills, token: qrTokenFor(p.t.deps, account) };
}

describe('QR tokens', () => {
  it('fit a mini-program scene and verify only with the secret', () => {
    const token = signQrToken('s'.repeat(32), {
      accountNo: '31010001234567890123',
      keyVersion: 1,
      revision: 12,
    });
    expect(token.length).toBeLessThanOrEqual(32);
    expect(token).toMatch(/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/);
    expect(readQrToken('s'.repeat(32), token)).toEqual({
      accountNo: '31010001234567890123',
      keyVersion: 1,
      revision: 12,
    });
    expect(readQrToken('t'.repeat(32), token)).toBeUndefined();
  });
});

describe('getQrBill', () => {
  it('shows the masked holder and address and the unpaid bills, nothing else', async () => {
    const { account, token } = await accountWithBills();
    const r = await p.t.api('GET', `/api/qr/${token}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      holderMasked: '欧***',
      addressMasked: '朝阳区望京园*栋*单元***室',
      unpaidFen: 7_500,
    });
    expect(r.body.bills.map((b: { period: string }) => b.period)).toEqual(['2026-09', '2026-10']);
    expect(JSON.stringify(r.body)).not.toContain(account.accountNo);
    expect(JSON.stringify(r.body)).not.toContain('13800001234');
  });

  it('answers 404 to a tampered token and 410 二维码已失效 to one revoked by 过户', async () => {
    const { account, token } = await accountWithBills();
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await p.t.api('GET', `/api/qr/${flipped}`)).status).toBe(404);
    const otherAccount = token.replace(account.accountNo.slice(0, 4), '9999');
    expect((await p.t.api('GET', `/api/qr/${otherAccount}`)).status).toBe(404);
    const admin = await makeStaff(p.t.deps, ['admin']);
    const revoked = await p.t.api('POST', `/api/staff/accounts/${account.accountNo}/qr/revoke`, {
      token: admin.token,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revision).toBe(2);
    const old = await p.t.api('GET', `/api/qr/${token}`);
    expect(old.status).toBe(410);
    expect(old.body.error).toMatchObject({
      code: 'QR_REVOKED',
      message: expect.stringContaining('二维码已失效'),
    });
    expect((await p.t.api('GET', `/api/qr/${revoked.body.token}`)).status).toBe(200);
    expect((await p.t.api('GET', '/api/qr/%24%7Bbad%7D')).status).toBe(400);
  });

  it('limits lookups per token', async () => {
    const { token } = await accountWithBills();
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await p.t.api('GET', `/api/qr/${token}`)).status);
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes[6]).toBe(429);
  });

  it('lets a scanner who is not bound pay, recorded with channel qr', async () => {
    const { account, bills, token } = await accountWithBills();
    const scanner = await makeResident(p.t.deps);
    const r = await p.t.api('POST', '/api/payments', {
      token: scanner.token,
      body: { qrToken: token, billIds: bills.map((b) => b._id.toString()) },
    });
    expect(r.status).toBe(200);
    expect(r.body.payment).toMatchObject({ channel: 'qr', amountFen: 7_500, accountNo: account.accountNo });
    await p.sandbox.client.payOrder(r.body.payment.outTradeNo);
    await p.sandbox.client.settleNotifications();
    expect((await PaymentModel.findOne({ outTradeNo: r.body.payment.outTradeNo }).lean())?.status).toBe(
      'paid',
    );
    expect(
      (await p.t.api('GET', `/api/payments/${r.body.payment.outTradeNo}`, { token: scanner.token })).body
        .status,
    ).toBe('paid');
    // Scanning does not open the account's other data to the scanner.
    expect(
      (await p.t.api('GET', `/api/bills?accountNo=${account.accountNo}`, { token: scanner.token })).status,
    ).toBe(404);
    await AccountModel.updateOne({ accountNo: account.accountNo }, { $inc: { qrRevision: 1 } });
    const revoked = await p.t.api('POST', '/api/payments', {
      token: scanner.token,
      body: { qrToken: token, billIds: [bills[0]._id.toString()] },
    });
    expect(revoked.status).toBe(410);
    expect(revoked.body.error.code).toBe('QR_REVOKED');
  });
});

describe('printable codes', () => {
  it('renders a plain QR whose link opens the H5 QR pay page with the token', async () => {
    const { account, token } = await accountWithBills();
    const staff = await makeStaff(p.t.deps, ['agent']);
    const res = await fetch(`${p.t.url}/api/staff/accounts/${account.accountNo}/qr.png?kind=url&size=160`, {
      headers: { authorization: `Bearer ${staff.token}` },
    });
    expect(res.headers.get('content-type')).toBe('image/png');
    const url = new URL((await decodeQrImage(Buffer.from(await res.arrayBuffer())))!);
    expect(url.pathname.startsWith(`${H5_BASE_PATH}/`)).toBe(true);
    expect(parsePageLink(url.pathname.slice(H5_BASE_PATH.length) + url.search)).toEqual({
      name: 'qrPay',
      path: RESIDENT_PAGES.qrPay.path,
      query: { t: token },
    });
  });

  it('renders a mini-program code for the QR pay page, checked by WeChat, with the token as its scene', async () => {
    const { account, token } = await accountWithBills();
    const staff = await makeStaff(p.t.deps, ['agent']);
    const mp = await fetch(`${p.t.url}/api/staff/accounts/${account.accountNo}/qr.png?kind=mp&size=300`, {
      headers: { authorization: `Bearer ${staff.token}` },
    });
    expect(mp.status).toBe(200);
    expect(mp.headers.get('content-type')).toBe('image/png');
    const image = Buffer.from(await mp.arrayBuffer());
    expect(imageFormat(image)).toBe('png');
    const code = parseWxaCodeContent((await decodeQrImage(image))!);
    expect(code).toMatchObject({
      appid: p.sandbox.keys.appid,
      page: RESIDENT_PAGES.qrPay.path,
      scene: token,
      envVersion: 'release',
    });
  });

  it('prints a community sheet as PDF, each code with its 户号 and masked address', async () => {
    const { account } = await accountWithBills();
    const admin = await makeStaff(p.t.deps, ['admin']);
    const res = await fetch(`${p.t.url}/api/staff/qr-sheet.pdf?community=${encodeURIComponent('望京园')}`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).text.replace(/\s+/g, '');
    expect(text).toContain(account.accountNo);
    expect(text).toContain('朝阳区望京园*栋*单元***室');
    expect(text).not.toContain('欧阳娜娜');
    const none = await p.t.api(
      'GET',
      `/api/staff/qr-sheet.pdf?community=${encodeURIComponent('不存在小区')}`,
      { token: admin.token },
    );
    expect(none.status).toBe(404);
  });
});
