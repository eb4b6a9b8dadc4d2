/** Every message opens a page the mini-program has, with exactly the query that page reads. */
import { MessageSendPayload, pageLink, pageLinkProblems, RESIDENT_PAGES } from '@portal/types';
import { eventTemplates } from '../../src/modules/messaging/templates';

describe('the page a message opens', () => {
  const templates = eventTemplates({ WECHAT_TEMPLATE_IDS: undefined });
  const full = {
    orderNo: 'WO202611220001',
    noticeId: '6650c0ffee0000000000abcd',
    accountNo: '3201000123',
    outTradeNo: 'PAY1',
  };

  it.each(Object.keys(templates))('%s: with and without the ids in its data', (event) => {
    const t = templates[event as keyof typeof templates];
    for (const data of [full, {}]) {
      const page = t.page(data);
      expect(page).toBeDefined();
      expect(pageLinkProblems(page!)).toEqual([]);
    }
  });

  it('refuses an outbox payload naming a page the mini-program does not have', () => {
    const base = { userId: '6650c0ffee0000000000abcd', event: 'orderStatus', data: {} };
    const retired = 'pages/orders/detail?orderNo=WO1'; // page-contract: off (the link messages carried before the contract)
    expect(MessageSendPayload.safeParse({ ...base, page: retired }).success).toBe(false);
    expect(MessageSendPayload.safeParse({ ...base, page: RESIDENT_PAGES.orderDetail.path }).success).toBe(
      false,
    );
    expect(
      MessageSendPayload.safeParse({ ...base, page: pageLink('orderDetail', { orderNo: 'WO1' }) }).success,
    ).toBe(true);
  });
});
