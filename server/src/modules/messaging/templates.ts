/**
 * Per event: the mini-program subscribe template, the official-account template, the SMS text, and
 * the field mapper from the event's domain data (MessageSendPayload.data) to WeChat fields.
 *
 * Data keys each event reads (all optional; missing ones get a placeholder WeChat accepts):
 *   paymentReceipt      accountNo, amountFen, paidAt, note
 *   billReminder        accountNo, amountFen, dueAt, period
 *   orderStatus         orderNo, status (中文, ≤5 shown), title, updatedAt
 *   technicianAssigned  orderNo, technicianName, technicianPhone, expectedAt
 *   appointmentReminder orderNo, startAt, endAt, address, note
 *   outageNotice        title (计划停气...), area, startAt, endAt, reason
 *   chatReply           agentName, content, at
 * Times are ISO strings (UTC) or epoch ms; amounts are integer fen.
 *
 * Template ids default to the ids below (the demo registers them in the sandbox); production sets
 * WECHAT_TEMPLATE_IDS to the ids the utility's accounts were given.
 */
import { pageLink, type MessageEvent, type PageLink } from '@portal/types';
import type { Config } from '@portal/config';
import { formatAmount, formatData, formatDateTime, formatRange, type FieldValue } from './fieldRules';

type Data = Record<string, string | number>;
type Mapper = (d: Data) => Record<string, FieldValue>;

export type EventTemplates = {
  event: MessageEvent;
  title: string;
  /** Which of the resident's preferences (my settings) turns it off; undefined: always sent. */
  preference?: 'notices' | 'bills' | 'orders';
  subscribe: { templateId: string; fields: Mapper };
  official: { templateId: string; fields: Mapper };
  sms: (d: Data) => string;
  /** Mini-program page when the payload names none (a page of the contract, with the parameters it reads). */
  page: (d: Data) => PageLink | undefined;
};

const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));

const DEFINITIONS: Record<MessageEvent, Omit<EventTemplates, 'event'>> = {
  paymentReceipt: {
    title: '缴费成功通知',
    subscribe: {
      templateId: 'TPL-MP-PAYMENT',
      fields: (d) => ({ character_string1: d.accountNo, amount2: d.amountFen, time3: d.paidAt, thing4: d.note ?? '缴费成功,感谢您的支持' }),
    },
    official: {
      templateId: 'TPL-OA-PAYMENT',
      fields: (d) => ({ character_string1: d.accountNo, amount2: d.amountFen, time3: d.paidAt }),
    },
    sms: (d) => `您的户号${s(d.accountNo)}已缴费${formatAmount(d.amountFen)},时间${formatDateTime(d.paidAt)}。`,
    page: () => pageLink('bills'),
  },
  billReminder: {
    title: '账单缴费提醒',
    preference: 'bills',
    subscribe: {
      templateId: 'TPL-MP-BILL',
      fields: (d) => ({ character_string1: d.accountNo, amount2: d.amountFen, date3: d.dueAt, thing4: d.period ?? '本期账单' }),
    },
    official: {
      templateId: 'TPL-OA-BILL',
      fields: (d) => ({ character_string1: d.accountNo, amount2: d.amountFen, date3: d.dueAt }),
    },
    sms: (d) =>
      `您的户号${s(d.accountNo)}${s(d.period)}账单应缴${formatAmount(d.amountFen)},请于${formatDateTime(d.dueAt, false)}前缴清。`,
    page: () => pageLink('bills'),
  },
  orderStatus: {
    title: '工单进度通知',
    preference: 'orders',
    subscribe: {
      templateId: 'TPL-MP-ORDER',
      fields: (d) => ({ character_string1: d.orderNo, phrase2: d.status, thing3: d.title, time4: d.updatedAt ?? Date.now() }),
    },
    official: {
      templateId: 'TPL-OA-ORDER',
      fields: (d) => ({ character_string1: d.orderNo, phrase2: d.status, time3: d.updatedAt ?? Date.now() }),
    },
    sms: (d) => `您的工单${s(d.orderNo)}${s(d.title) ? `(${s(d.title)})` : ''}状态:${s(d.status)}。`,
    page: (d) => (d.orderNo ? pageLink('orderDetail', { orderNo: s(d.orderNo) }) : pageLink('orders')),
  },
  technicianAssigned: {
    title: '维修师傅已派单',
    preference: 'orders',
    subscribe: {
      templateId: 'TPL-MP-TECH',
      fields: (d) => ({ character_string1: d.orderNo, name2: d.technicianName, phone_number3: d.technicianPhone, time4: d.expectedAt ?? Date.now() }),
    },
    official: {
      templateId: 'TPL-OA-TECH',
      fields: (d) => ({ character_string1: d.orderNo, name2: d.technicianName, phone_number3: d.technicianPhone }),
    },
    sms: (d) => `您的工单${s(d.orderNo)}已派${s(d.technicianName)}师傅上门,电话${s(d.technicianPhone)}。`,
    page: (d) => (d.orderNo ? pageLink('orderDetail', { orderNo: s(d.orderNo) }) : pageLink('orders')),
  },
  appointmentReminder: {
    title: '上门预约提醒',
    preference: 'orders',
    subscribe: {
      templateId: 'TPL-MP-APPT',
      fields: (d) => ({ character_string1: d.orderNo, time2: formatRange(d.startAt, d.endAt), thing3: d.address, thing4: d.note ?? '请保持电话畅通' }),
    },
    official: {
      templateId: 'TPL-OA-APPT',
      fields: (d) => ({ character_string1: d.orderNo, time2: formatRange(d.startAt, d.endAt), thing3: d.address }),
    },
    sms: (d) => `您预约的上门服务时间为${formatRange(d.startAt, d.endAt)},地址${s(d.address)},请保持电话畅通。`,
    page: (d) => (d.orderNo ? pageLink('orderDetail', { orderNo: s(d.orderNo) }) : pageLink('orders')),
  },
  outageNotice: {
    title: '停气停水停热通知',
    preference: 'notices',
    subscribe: {
      templateId: 'TPL-MP-OUTAGE',
      fields: (d) => ({ phrase1: d.title, thing2: d.area, time3: formatRange(d.startAt, d.endAt), thing4: d.reason }),
    },
    official: {
      templateId: 'TPL-OA-OUTAGE',
      fields: (d) => ({ phrase1: d.title, thing2: d.area, time3: formatRange(d.startAt, d.endAt), thing4: d.reason }),
    },
    sms: (d) => `【${s(d.title)}】${s(d.area)} ${formatRange(d.startAt, d.endAt)},原因:${s(d.reason)}。`,
    page: (d) => (d.noticeId ? pageLink('noticeDetail', { id: s(d.noticeId) }) : pageLink('notices')),
  },
  chatReply: {
    title: '客服回复提醒',
    subscribe: {
      templateId: 'TPL-MP-CHAT',
      fields: (d) => ({ thing1: d.agentName ?? '在线客服', thing2: d.content, time3: d.at ?? Date.now() }),
    },
    official: {
      templateId: 'TPL-OA-CHAT',
      fields: (d) => ({ thing1: d.agentName ?? '在线客服', thing2: d.content, time3: d.at ?? Date.now() }),
    },
    sms: (d) => `客服回复了您的咨询:${s(d.content).slice(0, 50)}`,
    page: () => pageLink('chat'),
  },
};

export type TemplateIdOverrides = Partial<Record<MessageEvent, { subscribe?: string; official?: string }>>;

/** The configured templates: defaults with WECHAT_TEMPLATE_IDS applied. */
export function eventTemplates(config: Pick<Config, 'WECHAT_TEMPLATE_IDS'>): Record<MessageEvent, EventTemplates> {
  const overrides = (config.WECHAT_TEMPLATE_IDS ?? {}) as TemplateIdOverrides;
  return Object.fromEntries(
    Object.entries(DEFINITIONS).map(([event, def]) => {
      const o = overrides[event as MessageEvent] ?? {};
      return [
        event,
        {
          ...def,
          event,
          subscribe: { ...def.subscribe, templateId: o.subscribe ?? def.subscribe.templateId },
          official: { ...def.official, templateId: o.official ?? def.official.templateId },
        },
      ];
    }),
  ) as Record<MessageEvent, EventTemplates>;
}

/** The field keys each template has (registering templates in the sandbox, docs). */
export function templateKeys(t: EventTemplates, channel: 'subscribe' | 'official'): string[] {
  return Object.keys(t[channel].fields({}));
}

export function renderSubscribe(t: EventTemplates, data: Data): Record<string, { value: string }> {
  return formatData(t.subscribe.fields(data));
}

export function renderOfficial(t: EventTemplates, data: Data): Record<string, { value: string }> {
  return formatData(t.official.fields(data));
}
