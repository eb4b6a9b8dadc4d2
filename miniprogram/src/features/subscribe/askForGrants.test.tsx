/**
 * Subscribe grants are asked for within the tap (WeChat refuses requestSubscribeMessage after an await, a timer or
 * a request): the pay button and the 消息订阅 switch are rendered and tapped, Taro's H5 request talks to a real
 * local server, and the order of calls is checked at the moment the tap's handler returns.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { startFakePortal } from '../../test/fakePortal';

type Portal = Awaited<ReturnType<typeof startFakePortal>>;
const TEMPLATES = [
  { event: 'paymentReceipt', templateId: 'TPL-MP-PAYMENT', title: '缴费成功通知' },
  { event: 'billReminder', templateId: 'TPL-MP-BILL', title: '账单缴费提醒' },
  { event: 'outageNotice', templateId: 'TPL-MP-OUTAGE', title: '停气停水停热通知' },
];
const BILL = {
  id: '65a000000000000000000001',
  accountNo: '3101000123',
  utility: 'gas',
  period: '2026-11',
  items: [],
  amountDue: 12850,
  dueDate: '2026-12-15T15:59:59.000Z',
  status: 'unpaid',
  issuedAt: '2026-12-01T00:00:00.000Z',
};

let portal: Portal;
let reported: unknown[];

beforeAll(async () => {
  reported = [];
  portal = await startFakePortal({
    'GET /api/subscriptions': { body: { grants: [], templates: TEMPLATES } },
    'POST /api/subscriptions': (body) => (
      reported.push(body),
      { body: { grants: [], templates: TEMPLATES } }
    ),
    'GET /api/bills': { body: { items: [BILL], total: 1, page: 1, pageSize: 100 } },
    'POST /api/payments': {
      body: {
        payment: {
          outTradeNo: 'P202612010001',
          accountNo: BILL.accountNo,
          billIds: [BILL.id],
          amountFen: 12850,
          status: 'pending',
        },
        requestPayment: {
          timeStamp: '1764547200',
          nonceStr: 'n',
          package: 'prepay_id=wx1',
          signType: 'RSA',
          paySign: 's',
        },
      },
    },
    'GET /api/me/phone': { body: { smsTo: 'holder' } },
  });
  process.env.TARO_ENV = 'weapp';
  process.env.TARO_APP_API_BASE = portal.url;
  Taro.setStorageSync('portal.session.v1', { token: 'resident-session-token' });
});
afterAll(() => portal.close());
afterEach(() => jest.restoreAllMocks());

/** Spies recording the order of the calls that matter; the sheet answers as the resident would. */
function spies(sheet: () => Promise<Record<string, string>>) {
  const subscribe = jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation((() => sheet()) as never);
  const request = jest.spyOn(Taro, 'request');
  const payment = jest
    .spyOn(Taro, 'requestPayment')
    .mockImplementation((() => Promise.resolve({ errMsg: 'requestPayment:ok' })) as never);
  jest
    .spyOn(Taro, 'navigateTo')
    .mockImplementation((() => Promise.resolve({ errMsg: 'navigateTo:ok' })) as never);
  jest
    .spyOn(Taro, 'showToast')
    .mockImplementation((() => Promise.resolve({ errMsg: 'showToast:ok' })) as never);
  jest
    .spyOn(Taro, 'showModal')
    .mockImplementation((() =>
      Promise.resolve({ confirm: true, cancel: false, errMsg: 'showModal:ok' })) as never);
  return { subscribe, request, payment };
}

async function openBillsPage() {
  const { default: BillsPage } = await import('../../pages/bills/index');
  render(<BillsPage />);
  await screen.findByLabelText(/选择 .* 账单/, undefined, { timeout: 5000 });
  // The template ids arrived before any tap (the page fetched them when it opened).
  await waitFor(() => expect(portal.to('GET /api/subscriptions').length).toBeGreaterThan(0));
  await act(() => new Promise((r) => setTimeout(r, 50)));
  fireEvent.click(screen.getByLabelText(/选择 .* 账单/));
  return screen.getByText('立即缴费');
}

describe('the pay button', () => {
  it('asks for the receipt and reminder grants first, within the tap, before any request; pays after the sheet closes; reports the answers', async () => {
    let answer!: (r: Record<string, string>) => void;
    const s = spies(() => new Promise((r) => (answer = r)));
    const payButton = await openBillsPage();
    const before = s.request.mock.calls.length;

    fireEvent.click(payButton);
    // Synchronously, inside the tap: the sheet was asked for with the ids known beforehand, and nothing else.
    expect(s.subscribe).toHaveBeenCalledTimes(1);
    expect(s.subscribe.mock.calls[0][0]).toMatchObject({ tmplIds: ['TPL-MP-PAYMENT', 'TPL-MP-BILL'] });
    expect(s.request.mock.calls.length).toBe(before);
    // While the sheet is open, no payment is created.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(portal.to('POST /api/payments')).toHaveLength(0);

    await act(async () =>
      answer({ errMsg: 'requestSubscribeMessage:ok', 'TPL-MP-PAYMENT': 'accept', 'TPL-MP-BILL': 'reject' }),
    );
    await waitFor(() => expect(s.payment).toHaveBeenCalledTimes(1), { timeout: 5000 });
    await waitFor(
      () =>
        expect(reported).toContainEqual({ results: { 'TPL-MP-PAYMENT': 'accept', 'TPL-MP-BILL': 'reject' } }),
      { timeout: 5000 },
    );
    expect(portal.to('POST /api/payments')).toHaveLength(1);
    expect(s.subscribe.mock.invocationCallOrder[0]).toBeLessThan(s.request.mock.invocationCallOrder[before]);
  });

  it('still pays when WeChat refuses to show the sheet, and keeps the refusal from the server', async () => {
    const s = spies(() =>
      Promise.reject({
        errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture',
        errCode: 20001,
      }),
    );
    const payments = portal.to('POST /api/payments').length;
    const reports = reported.length;
    const payButton = await openBillsPage();
    fireEvent.click(payButton);
    expect(s.subscribe).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(portal.to('POST /api/payments')).toHaveLength(payments + 1), {
      timeout: 5000,
    });
    await waitFor(() => expect(s.payment).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(reported).toHaveLength(reports);
  });
});

describe('消息订阅 settings', () => {
  it('asks for the chosen message within the tap and shows WeChat’s refusal instead of swallowing it', async () => {
    const s = spies(() =>
      Promise.reject({
        errMsg: 'requestSubscribeMessage:fail the main switch is switched off',
        errCode: 20004,
      }),
    );
    const { default: SubscriptionsPage } = await import('../../packages/profile/subscriptions/index');
    render(<SubscriptionsPage />);
    const buttons = await screen.findAllByText('开启', undefined, { timeout: 5000 });
    const before = s.request.mock.calls.length;
    fireEvent.click(buttons[0]);
    expect(s.subscribe).toHaveBeenCalledTimes(1);
    expect(s.request.mock.calls.length).toBe(before);
    await waitFor(
      () => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '未能开启' })),
      { timeout: 5000 },
    );
  });
});
