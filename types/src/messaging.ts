/**
 * Messaging: how every feature notifies residents (subscribe message → official-account template
 * message → SMS), and how the mini-program reports the subscribe grants a resident gave.
 *
 * Other features send by writing an outbox entry of kind 'message.send' with a MessageSendPayload
 * (server: `enqueueMessage()` in modules/messaging), in the same step as the state change.
 */
import { z } from './zod';
import { AccountNo, IsoDateTime, ObjectId } from './common';
import { isPageLink, type PageLink } from './pages';

/** Every event the portal notifies about; each has its templates and field mapper on the server. */
export const MessageEvent = z.enum([
  'paymentReceipt',
  'billReminder',
  'orderStatus',
  'technicianAssigned',
  'appointmentReminder',
  'outageNotice',
  'chatReply',
]);
export type MessageEvent = z.infer<typeof MessageEvent>;

/**
 * The 'message.send' outbox payload. Name the receivers by exactly one of userId (one resident),
 * userIds (several) or accountNo (every resident bound to that account). `data` holds the event's
 * fields in plain domain values (see the server's templates: amountFen as integer fen, times as ISO
 * strings); the mapper formats and truncates them to WeChat's field rules.
 */
export const MessageSendPayload = z
  .object({
    userId: ObjectId.optional(),
    userIds: z.array(ObjectId).max(10_000).optional(),
    accountNo: AccountNo.optional(),
    event: MessageEvent,
    data: z.record(z.string(), z.union([z.string(), z.number()])),
    /** Mini-program page opened from the message: `pageLink('billDetail', { id })` (a page of the contract). */
    page: z
      .custom<PageLink>((v) => typeof v === 'string' && v.length <= 128 && isPageLink(v), {
        message: '不是小程序的页面或参数不符',
      })
      .optional(),
  })
  .refine((p) => [p.userId, p.userIds, p.accountNo].filter((x) => x !== undefined).length === 1, {
    message: 'exactly one of userId, userIds, accountNo',
    path: ['userId'],
  });
export type MessageSendPayload = z.infer<typeof MessageSendPayload>;

/** How a message reached (or did not reach) the resident. */
export const MessageChannel = z.enum(['subscribe', 'template', 'sms', 'none']);
export type MessageChannel = z.infer<typeof MessageChannel>;

/**
 * sent: delivered to WeChat/SMS; failed: stopped on a permanent error; unreachable: no channel
 * (no grant, does not follow the official account, no phone); uncertain: a worker died between
 * handing the message over and recording the answer (counted, never sent again); cancelled.
 */
export const DeliveryStatus = z.enum([
  'pending',
  'sending',
  'sent',
  'failed',
  'unreachable',
  'uncertain',
  'cancelled',
]);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** wx.requestSubscribeMessage answers per template id. */
export const SubscribeAnswer = z.enum(['accept', 'reject', 'ban', 'filter']);
export type SubscribeAnswer = z.infer<typeof SubscribeAnswer>;

export const ReportSubscriptionsBody = z
  .object({
    results: z
      .record(z.string().trim().min(1).max(64), SubscribeAnswer)
      .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 5, '一次最多上报 5 个模板')
      .openapi({ example: { 'TPL-OUTAGE-01': 'accept' } }),
  })
  .openapi('ReportSubscriptionsBody');
export type ReportSubscriptionsBody = z.infer<typeof ReportSubscriptionsBody>;

export const SubscriptionGrant = z.object({
  templateId: z.string(),
  event: MessageEvent.optional(),
  /** One-time grants left (each send consumes one). */
  remaining: z.number().int(),
  lastAnswer: SubscribeAnswer.optional(),
  updatedAt: IsoDateTime.optional(),
});
export type SubscriptionGrant = z.infer<typeof SubscriptionGrant>;

export const MySubscriptions = z
  .object({
    grants: z.array(SubscriptionGrant),
    /** Which template ids the app asks for at which moment (after paying, reporting a fault...). */
    templates: z.array(z.object({ event: MessageEvent, templateId: z.string(), title: z.string() })),
  })
  .openapi('MySubscriptions');
export type MySubscriptions = z.infer<typeof MySubscriptions>;

// ---------- message templates (staff admin) ----------

/** A WeChat template id as the platform issues them (letters, digits, '-', '_'). */
const WechatTemplateId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, '模板ID格式不正确');

/** A keyword of a WeChat template: named by WeChat as its type and number (`thing1`, `amount3`...). */
export const TemplateKeyword = z.string().regex(/^[a-z_]+\d+$/, '关键词格式不正确(如 thing1、amount3)');
export type TemplateKeyword = z.infer<typeof TemplateKeyword>;

/** The keyword types WeChat knows, each with its own rule (thing ≤ 20 characters, phrase ≤ 5 Chinese characters...). */
export const KeywordRule = z.enum([
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'phrase',
  'name',
  'amount',
  'phone_number',
  'car_number',
  'date',
  'time',
]);
export type KeywordRule = z.infer<typeof KeywordRule>;

/** What fills a keyword: one of the event's data fields, or a fixed text. */
export const KeywordSource = z.union([
  z.object({ field: z.string().regex(/^[A-Za-z]{1,40}$/, '字段名不正确') }).strict(),
  z.object({ text: z.string().trim().min(1, '请填写固定文字').max(40) }).strict(),
]);
export type KeywordSource = z.infer<typeof KeywordSource>;

/** keyword → source, for every keyword of the template (WeChat requires each one). */
export const KeywordMapping = z
  .record(TemplateKeyword, KeywordSource)
  .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= 20, '请为模板的每个关键词选择内容');
export type KeywordMapping = z.infer<typeof KeywordMapping>;

/** One of an event's data fields: what it means, what kind of value it is, which keyword types can show it. */
export const EventDataField = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['code', 'amountFen', 'datetime', 'date', 'timeRange', 'text', 'status', 'name', 'phone']),
  /** Keyword types that can show this field (a mapping onto any other is refused when saved). */
  rules: z.array(KeywordRule),
  example: z.string(),
});
export type EventDataField = z.infer<typeof EventDataField>;

export const MessageTemplateChannel = z
  .object({
    templateId: z.string(),
    /** The built-in id (what the sandbox registers). */
    defaultTemplateId: z.string(),
    /** Where templateId and its mapping come from: built in, config WECHAT_TEMPLATE_IDS, or set in the console (stored, wins). */
    source: z.enum(['default', 'config', 'console']),
    /** Each keyword of the template with what fills it and the value a sample message gets. */
    mapping: z.array(z.object({ keyword: z.string(), source: KeywordSource, example: z.string() })),
  })
  .openapi('MessageTemplateChannel');
export type MessageTemplateChannel = z.infer<typeof MessageTemplateChannel>;

export const MessageTemplate = z
  .object({
    id: MessageEvent,
    event: MessageEvent,
    title: z.string(),
    subscribe: MessageTemplateChannel,
    official: MessageTemplateChannel,
    /** The event's data fields a keyword can show. */
    dataFields: z.array(EventDataField),
    updatedAt: IsoDateTime.optional(),
    updatedBy: z.string().optional(),
  })
  .openapi('MessageTemplate');
export type MessageTemplate = z.infer<typeof MessageTemplate>;
export const MessageTemplateList = z.array(MessageTemplate).openapi('MessageTemplateList');
export type MessageTemplateList = z.infer<typeof MessageTemplateList>;

export const MessageTemplateParams = z.object({ event: MessageEvent });
export type MessageTemplateParams = z.infer<typeof MessageTemplateParams>;

/** A template id and how the event's data fills its keywords. */
export const MessageTemplateChannelSetting = z
  .object({ templateId: WechatTemplateId, mapping: KeywordMapping })
  .strict()
  .openapi('MessageTemplateChannelSetting');
export type MessageTemplateChannelSetting = z.infer<typeof MessageTemplateChannelSetting>;

/**
 * A template and its keyword mapping to use instead of the configured one, per channel; null goes back
 * to the configured template. The mapping is checked against the template's keywords as WeChat lists
 * them: every keyword filled, each by a field its type can show, fixed texts within the type's rule.
 */
export const UpdateMessageTemplateBody = z
  .object({
    subscribe: MessageTemplateChannelSetting.nullable().optional(),
    official: MessageTemplateChannelSetting.nullable().optional(),
  })
  .strict()
  .refine((b) => b.subscribe !== undefined || b.official !== undefined, {
    message: '请设置订阅消息或模板消息',
    path: ['subscribe'],
  })
  .openapi('UpdateMessageTemplateBody');
export type UpdateMessageTemplateBody = z.infer<typeof UpdateMessageTemplateBody>;

/** A template in the utility's WeChat account, as WeChat lists it, with its keywords. */
export const WechatTemplate = z.object({
  templateId: z.string(),
  title: z.string(),
  keywords: z.array(z.object({ keyword: z.string(), name: z.string(), rule: KeywordRule.optional() })),
});
export type WechatTemplate = z.infer<typeof WechatTemplate>;

/** The templates in the mini-program (subscribe messages) and the official account (template messages). */
export const WechatTemplateList = z
  .object({ subscribe: z.array(WechatTemplate), official: z.array(WechatTemplate) })
  .openapi('WechatTemplateList');
export type WechatTemplateList = z.infer<typeof WechatTemplateList>;
