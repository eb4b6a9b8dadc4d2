/**
 * Per event: its data fields, the mini-program subscribe template and the official-account template
 * (each an id and a keyword mapping, `keywordMapping.ts`), the SMS text, and the page a message opens.
 *
 * Data each event carries (MessageSendPayload.data; all optional, a missing one gets its fallback or a
 * placeholder WeChat accepts): times are ISO strings (UTC) or epoch ms, amounts integer fen.
 *
 * The built-in template ids and mappings fit the templates `RECOMMENDED_PICKS` names (what the demo and
 * the tests pick in the sandbox). A utility picks its own templates in WeChat, whose keywords are
 * numbered differently, and maps them in the console (消息模板) or sets the ids in WECHAT_TEMPLATE_IDS.
 */
import { pageLink, type KeywordMapping, type MessageEvent, type PageLink } from '@portal/types';
import type { Config } from '@portal/config';
import { formatAmount, formatDateTime, formatRange } from './fieldRules';
import { renderMapping, type Data, type DataField } from './keywordMapping';

export type ChannelTemplate = { templateId: string; mapping: KeywordMapping };

export type EventTemplates = {
  event: MessageEvent;
  title: string;
  /** Which of the resident's preferences (my settings) turns it off; undefined: always sent. */
  preference?: 'notices' | 'bills' | 'orders';
  /** The data fields a keyword can show. */
  fields: DataField[];
  subscribe: ChannelTemplate;
  official: ChannelTemplate;
  sms: (d: Data) => string;
  /** Mini-program page when the payload names none (a page of the contract, with the parameters it reads). */
  page: (d: Data) => PageLink | undefined;
};

const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const now = () => new Date();
const f = (
  key: string,
  label: string,
  kind: DataField['kind'],
  sample: string | number,
  extra: Partial<DataField> = {},
): DataField => ({ key, label, kind, sample, ...extra });
const field = (key: string) => ({ field: key });

const ACCOUNT_NO = f('accountNo', '户号', 'code', '3100000001');
const ORDER_NO = f('orderNo', '工单编号', 'code', 'WO202611240001');

const DEFINITIONS: Record<MessageEvent, Omit<EventTemplates, 'event'>> = {
  paymentReceipt: {
    title: '缴费成功通知',
    fields: [
      ACCOUNT_NO,
      f('amountFen', '缴费金额', 'amountFen', 12850),
      f('paidAt', '缴费时间', 'datetime', '2026-11-24T02:30:00.000Z', { fallback: now }),
      f('note', '备注', 'text', '缴费成功,感谢您的支持', { fallback: '缴费成功,感谢您的支持' }),
    ],
    subscribe: {
      templateId: 'TPL-MP-PAYMENT',
      mapping: {
        character_string1: field('accountNo'),
        amount3: field('amountFen'),
        time4: field('paidAt'),
        thing6: field('note'),
      },
    },
    official: {
      templateId: 'TPL-OA-PAYMENT',
      mapping: { character_string1: field('accountNo'), amount3: field('amountFen'), time4: field('paidAt') },
    },
    sms: (d) =>
      `您的户号${s(d.accountNo)}已缴费${formatAmount(d.amountFen)},时间${formatDateTime(d.paidAt)}。`,
    page: () => pageLink('bills'),
  },
  billReminder: {
    title: '账单缴费提醒',
    preference: 'bills',
    fields: [
      ACCOUNT_NO,
      f('amountFen', '应缴金额', 'amountFen', 12850),
      f('dueAt', '缴费截止日期', 'date', '2026-12-15T15:59:59.000Z'),
      f('period', '账单月份', 'text', '2026年11月', { fallback: '本期账单' }),
    ],
    subscribe: {
      templateId: 'TPL-MP-BILL',
      mapping: {
        character_string1: field('accountNo'),
        amount3: field('amountFen'),
        date4: field('dueAt'),
        thing2: field('period'),
      },
    },
    official: {
      templateId: 'TPL-OA-BILL',
      mapping: { character_string1: field('accountNo'), amount3: field('amountFen'), date4: field('dueAt') },
    },
    sms: (d) =>
      `您的户号${s(d.accountNo)}${s(d.period)}账单应缴${formatAmount(d.amountFen)},请于${formatDateTime(d.dueAt, false)}前缴清。`,
    page: () => pageLink('bills'),
  },
  orderStatus: {
    title: '工单进度通知',
    preference: 'orders',
    fields: [
      ORDER_NO,
      f('status', '处理进度', 'status', '已派单'),
      f('title', '服务类型', 'text', '燃气报修'),
      f('updatedAt', '更新时间', 'datetime', '2026-11-24T02:30:00.000Z', { fallback: now }),
    ],
    subscribe: {
      templateId: 'TPL-MP-ORDER',
      mapping: {
        character_string1: field('orderNo'),
        phrase3: field('status'),
        thing2: field('title'),
        time4: field('updatedAt'),
      },
    },
    official: {
      templateId: 'TPL-OA-ORDER',
      mapping: { character_string1: field('orderNo'), phrase3: field('status'), time4: field('updatedAt') },
    },
    sms: (d) => `您的工单${s(d.orderNo)}${s(d.title) ? `(${s(d.title)})` : ''}状态:${s(d.status)}。`,
    page: (d) => (d.orderNo ? pageLink('orderDetail', { orderNo: s(d.orderNo) }) : pageLink('orders')),
  },
  technicianAssigned: {
    title: '维修师傅已派单',
    preference: 'orders',
    fields: [
      ORDER_NO,
      f('technicianName', '服务人员', 'name', '李师傅'),
      f('technicianPhone', '联系电话', 'phone', '13900005678'),
      f('expectedAt', '预计上门时间', 'datetime', '2026-11-24T06:00:00.000Z', { fallback: now }),
    ],
    subscribe: {
      templateId: 'TPL-MP-TECH',
      mapping: {
        character_string1: field('orderNo'),
        name2: field('technicianName'),
        phone_number3: field('technicianPhone'),
        time4: field('expectedAt'),
      },
    },
    official: {
      templateId: 'TPL-OA-TECH',
      mapping: {
        character_string1: field('orderNo'),
        name2: field('technicianName'),
        phone_number3: field('technicianPhone'),
      },
    },
    sms: (d) => `您的工单${s(d.orderNo)}已派${s(d.technicianName)}师傅上门,电话${s(d.technicianPhone)}。`,
    page: (d) => (d.orderNo ? pageLink('orderDetail', { orderNo: s(d.orderNo) }) : pageLink('orders')),
  },
  appointmentReminder: {
    title: '上门预约提醒',
    preference: 'orders',
    fields: [
      ORDER_NO,
      f('window', '预约时段', 'timeRange', '', { compute: (d) => formatRange(d.startAt, d.endAt) }),
      f('startAt', '开始时间', 'datetime', '2026-11-26T01:00:00.000Z'),
      f('endAt', '结束时间', 'datetime', '2026-11-26T04:00:00.000Z'),
      f('address', '服务地址', 'text', '朝阳区望京园3号楼2单元501'),
      f('note', '温馨提示', 'text', '请保持电话畅通', { fallback: '请保持电话畅通' }),
    ],
    subscribe: {
      templateId: 'TPL-MP-APPT',
      mapping: {
        character_string1: field('orderNo'),
        time3: field('window'),
        thing2: field('address'),
        thing5: field('note'),
      },
    },
    official: {
      templateId: 'TPL-OA-APPT',
      mapping: { character_string1: field('orderNo'), time3: field('window'), thing2: field('address') },
    },
    sms: (d) =>
      `您预约的上门服务时间为${formatRange(d.startAt, d.endAt)},地址${s(d.address)},请保持电话畅通。`,
    page: (d) => (d.orderNo ? pageLink('orderDetail', { orderNo: s(d.orderNo) }) : pageLink('orders')),
  },
  outageNotice: {
    title: '停气停水停热通知',
    preference: 'notices',
    fields: [
      f('title', '通知类型', 'status', '计划停气'),
      f('area', '影响范围', 'text', '朝阳区望京园'),
      f('window', '停供时间', 'timeRange', '', { compute: (d) => formatRange(d.startAt, d.endAt) }),
      f('startAt', '开始时间', 'datetime', '2026-11-26T01:00:00.000Z'),
      f('endAt', '结束时间', 'datetime', '2026-11-26T09:00:00.000Z'),
      f('reason', '停供原因', 'text', '管网检修'),
    ],
    subscribe: {
      templateId: 'TPL-MP-OUTAGE',
      mapping: {
        phrase1: field('title'),
        thing2: field('area'),
        time3: field('window'),
        thing4: field('reason'),
      },
    },
    official: {
      templateId: 'TPL-OA-OUTAGE',
      mapping: {
        phrase1: field('title'),
        thing2: field('area'),
        time3: field('window'),
        thing4: field('reason'),
      },
    },
    sms: (d) => `【${s(d.title)}】${s(d.area)} ${formatRange(d.startAt, d.endAt)},原因:${s(d.reason)}。`,
    page: (d) => (d.noticeId ? pageLink('noticeDetail', { id: s(d.noticeId) }) : pageLink('notices')),
  },
  chatReply: {
    title: '客服回复提醒',
    fields: [
      f('agentName', '客服名称', 'text', '在线客服', { fallback: '在线客服' }),
      f('content', '回复内容', 'text', '您好,已为您登记,师傅今天下午上门'),
      f('at', '回复时间', 'datetime', '2026-11-24T02:30:00.000Z', { fallback: now }),
    ],
    subscribe: {
      templateId: 'TPL-MP-CHAT',
      mapping: { thing1: field('agentName'), thing2: field('content'), time3: field('at') },
    },
    official: {
      templateId: 'TPL-OA-CHAT',
      mapping: { thing1: field('agentName'), thing2: field('content'), time3: field('at') },
    },
    sms: (d) => `客服回复了您的咨询:${s(d.content).slice(0, 50)}`,
    page: () => pageLink('chat'),
  },
};

/**
 * The library templates the built-in mappings were made for (the WeChat sandbox's library; a utility
 * picks its own in WeChat and maps it in the console): the mini-program template by tid and keyword
 * ids, the official-account template by template_id_short and keyword names.
 */
export const RECOMMENDED_PICKS: Record<
  MessageEvent,
  { subscribe: { tid: string; kidList: number[] }; official: { tid: string; keywordNames: string[] } }
> = {
  paymentReceipt: {
    subscribe: { tid: '1001', kidList: [1, 3, 4, 6] },
    official: { tid: 'OPENTM41001', keywordNames: ['户号', '缴费金额', '缴费时间'] },
  },
  billReminder: {
    subscribe: { tid: '1002', kidList: [1, 3, 4, 2] },
    official: { tid: 'OPENTM41002', keywordNames: ['户号', '应缴金额', '缴费截止日期'] },
  },
  orderStatus: {
    subscribe: { tid: '1003', kidList: [1, 3, 2, 4] },
    official: { tid: 'OPENTM41003', keywordNames: ['工单编号', '处理进度', '更新时间'] },
  },
  technicianAssigned: {
    subscribe: { tid: '1004', kidList: [1, 2, 3, 4] },
    official: { tid: 'OPENTM41004', keywordNames: ['工单编号', '服务人员', '联系电话'] },
  },
  appointmentReminder: {
    subscribe: { tid: '1005', kidList: [1, 3, 2, 5] },
    official: { tid: 'OPENTM41005', keywordNames: ['预约单号', '预约时间', '服务地址'] },
  },
  outageNotice: {
    subscribe: { tid: '1006', kidList: [1, 2, 3, 4] },
    official: { tid: 'OPENTM41006', keywordNames: ['通知类型', '影响范围', '停供时间', '停供原因'] },
  },
  chatReply: {
    subscribe: { tid: '1007', kidList: [1, 2, 3] },
    official: { tid: 'OPENTM41007', keywordNames: ['客服名称', '回复内容', '回复时间'] },
  },
};

export type TemplateIdOverrides = Partial<Record<MessageEvent, { subscribe?: string; official?: string }>>;

/** The configured templates: defaults with WECHAT_TEMPLATE_IDS applied (ids only; the mapping stays the built-in one). */
export function eventTemplates(
  config: Pick<Config, 'WECHAT_TEMPLATE_IDS'>,
): Record<MessageEvent, EventTemplates> {
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

export function renderSubscribe(t: EventTemplates, data: Data): Record<string, { value: string }> {
  return renderMapping(t.fields, t.subscribe.mapping, data);
}

export function renderOfficial(t: EventTemplates, data: Data): Record<string, { value: string }> {
  return renderMapping(t.fields, t.official.mapping, data);
}
