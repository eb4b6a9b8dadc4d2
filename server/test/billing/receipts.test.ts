/** 电子缴费凭证: the PDF receipt of a paid bill, reached through a short signed link. */
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { cjkFontPath, NOTO_SANS_CJK } from '../../src/platform/pdfFont';
import { pdfText } from '../pdfText';
import { paidWithWechat, pricedBills } from './pricedBills';

const clock = testClock(new Date('2026-11-20T02:00:00Z'));
let t: TestServer;
beforeAll(async () => {
  // The receipt prints its Chinese in the CJK font; without one every Chinese character comes out as junk.
  if (!cjkFontPath({ PDF_FONT_PATH: process.env.PDF_FONT_PATH }))
    throw new Error(
      `receipts need a CJK font: npm install (Noto Sans SC), apt-get install fonts-noto-cjk (${NOTO_SANS_CJK}) or PDF_FONT_PATH`,
    );
  t = await startTestServer({
    deps: createTestDeps(testConfig({ RECEIPT_ISSUER: '示例燃气集团' }), { clock }),
  });
});
afterAll(() => t.close());

async function download(url: string, token?: string) {
  const res = await fetch(`${t.url}${url}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

describe('PDF receipt', () => {
  it('downloads through the signed link without a token and shows the bill, the payment and the seal', async () => {
    const a = await makeAccount({ holder: { name: '王建国' } });
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const bill = await paidWithWechat(a, me, '2026-10', 60, {
      channel: 'mp',
      outTradeNo: 'P20261104A1B2C3D4',
      transactionId: '4200002026110412345678',
    });

    const link = await t.api('GET', `/api/bills/${bill._id}/receipt-link`, { token: me.token });
    expect(link.status).toBe(200);
    expect(link.body.url).toMatch(
      new RegExp(`^/api/bills/${bill._id}/receipt\\.pdf\\?exp=\\d+&sig=[\\w-]+$`),
    );
    const pdf = await download(link.body.url);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.disposition).toContain('attachment');
    const { pages, text } = await pdfText(pdf.bytes);
    expect(pages).toBe(1);
    const flat = text.replace(/\s+/g, '');
    for (const expected of [
      '电子缴费凭证',
      `户号:${a.accountNo}`,
      '户名:王**',
      '账期:2026年10月',
      '燃气费(第一阶梯)',
      `实缴金额:¥${(bill.amountDue / 100).toFixed(2)}`,
      '缴费时间:2026年11月4日',
      '缴费渠道:微信小程序',
      '支付方式:微信支付',
      '微信支付单号:4200002026110412345678',
      '商户订单号:P20261104A1B2C3D4',
      '开具单位:示例燃气集团',
      '收费专用章',
    ]) {
      expect(flat).toContain(expected);
    }
    expect(flat).not.toContain('王建国');
  });

  it('prints where an offline payment was made', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const [bill] = await pricedBills(
      a,
      { '2026-09': 20 },
      {
        status: 'paid',
        paidVia: { channel: 'counter', method: 'cash', place: '朝阳营业厅', reference: 'SF202609001' },
      },
    );
    const pdf = await download(`/api/bills/${bill._id}/receipt.pdf`, me.token);
    expect(pdf.status).toBe(200);
    const flat = (await pdfText(pdf.bytes)).text.replace(/\s+/g, '');
    expect(flat).toContain('缴费渠道:营业厅柜台(朝阳营业厅)');
    expect(flat).toContain('支付方式:现金');
    expect(flat).toContain('交易流水号:SF202609001');
  });

  it('is refused for an unpaid bill, a tampered or expired link, and another household', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const [unpaid] = await pricedBills(a, { '2026-10': 20 });
    const notPaid = await t.api('GET', `/api/bills/${unpaid._id}/receipt-link`, { token: me.token });
    expect(notPaid.status).toBe(422);
    expect(notPaid.body.error).toMatchObject({
      code: 'BILL_NOT_PAID',
      message: '账单缴清后才能下载缴费凭证',
    });

    const [paid] = await pricedBills(a, { '2026-09': 20 }, { status: 'paid' });
    const { url } = (await t.api('GET', `/api/bills/${paid._id}/receipt-link`, { token: me.token })).body;
    const tampered = await download(url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A'));
    expect(tampered.status).toBe(401);
    expect(JSON.parse(tampered.bytes.toString()).error.message).toBe('下载链接已失效,请返回账单重新下载');
    // The same link names only its own bill.
    const [other] = await pricedBills(a, { '2026-08': 20 }, { status: 'paid' });
    expect((await download(url.replace(String(paid._id), String(other._id)))).status).toBe(401);
    expect((await download(`/api/bills/${paid._id}/receipt.pdf`)).status).toBe(401);

    clock.advance(11 * 60_000);
    try {
      expect((await download(url)).status).toBe(401);
    } finally {
      clock.advance(-11 * 60_000);
    }

    const stranger = await makeResident(t.deps);
    expect(
      (await t.api('GET', `/api/bills/${paid._id}/receipt-link`, { token: stranger.token })).status,
    ).toBe(404);
    expect((await download(`/api/bills/${paid._id}/receipt.pdf`, stranger.token)).status).toBe(404);
    const staff = await makeStaff(t.deps, ['agent']);
    expect((await download(`/api/bills/${paid._id}/receipt.pdf`, staff.token)).status).toBe(200);
  });
});
