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
      .custom<PageLink>((v) => typeof v === 'string' && v.length <= 128 && isPageLink(v), { message: '不是小程序的页面或参数不符' })
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
export const DeliveryStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'unreachable', 'uncertain', 'cancelled']);
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
const WechatTemplateId = z.string().trim().regex(/^[A-Za-z0-9_-]{1,128}$/, '模板ID格式不正确');

export const MessageTemplateChannel = z
  .object({
    templateId: z.string(),
    /** The built-in id (what the sandbox registers). */
    defaultTemplateId: z.string(),
    /** Where templateId comes from: built in, config WECHAT_TEMPLATE_IDS, or set in the console (stored, wins). */
    source: z.enum(['default', 'config', 'console']),
    /** The field mapping, read-only: each WeChat field key with the value a sample message gets. */
    fields: z.array(z.object({ key: z.string(), example: z.string() })),
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
    /** The event's data keys the mappers read. */
    dataKeys: z.array(z.string()),
    updatedAt: IsoDateTime.optional(),
    updatedBy: z.string().optional(),
  })
  .openapi('MessageTemplate');
export type MessageTemplate = z.infer<typeof MessageTemplate>;
export const MessageTemplateList = z.array(MessageTemplate).openapi('MessageTemplateList');
export type MessageTemplateList = z.infer<typeof MessageTemplateList>;

export const MessageTemplateParams = z.object({ event: MessageEvent });
export type MessageTemplateParams = z.infer<typeof MessageTemplateParams>;

/** A template id to use instead of the configured one; null goes back to the configured id. */
export const UpdateMessageTemplateBody = z
  .object({
    subscribeTemplateId: WechatTemplateId.nullable().optional(),
    officialTemplateId: WechatTemplateId.nullable().optional(),
  })
  .refine((b) => b.subscribeTemplateId !== undefined || b.officialTemplateId !== undefined, {
    message: '请填写模板ID',
    path: ['subscribeTemplateId'],
  })
  .openapi('UpdateMessageTemplateBody');
export type UpdateMessageTemplateBody = z.infer<typeof UpdateMessageTemplateBody>;
