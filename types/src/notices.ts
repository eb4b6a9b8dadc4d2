/** Outage notices (停气/停水/停热通知): drafted by operators, pushed to exactly the affected households. */
import { z } from './zod';
import { AccountNo, IsoDateTime, ObjectId, Page, Utility, paged, shortText } from './common';
import { DeliveryStatus, MessageChannel } from './messaging';

/** planned: announced ahead (notice period applies); emergency: unplanned, published late with a reason. */
export const NoticeKind = z.enum(['planned', 'emergency', 'pressureDrop', 'restoration']);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const NoticeStatus = z.enum(['draft', 'scheduled', 'published', 'restored', 'cancelled']);
export type NoticeStatus = z.infer<typeof NoticeStatus>;

const isoInput = z.iso
  .datetime({ offset: true })
  .openapi({ format: 'date-time', example: '2026-11-26T01:00:00.000Z' });

/** The affected area: any mix of whole districts, communities, buildings, or an uploaded list of 户号. */
export const NoticeTarget = z
  .object({
    districts: z.array(shortText(40)).max(50).default([]),
    communities: z
      .array(z.object({ district: shortText(40), community: shortText(60) }))
      .max(500)
      .default([]),
    buildings: z
      .array(z.object({ district: shortText(40), community: shortText(60), building: shortText(20) }))
      .max(5_000)
      .default([]),
    accountNos: z.array(AccountNo).max(200_000).default([]),
  })
  .refine((t) => t.districts.length + t.communities.length + t.buildings.length + t.accountNos.length > 0, {
    message: '请选择影响范围',
    path: ['districts'],
  })
  .openapi('NoticeTarget');
export type NoticeTarget = z.infer<typeof NoticeTarget>;

const noticeFields = {
  utility: Utility,
  kind: NoticeKind,
  /** Shown as the message's headline; default from utility and kind (计划停气...). */
  title: shortText(30).optional(),
  reason: shortText(200),
  safetyAdvice: z.string().trim().max(1000).optional(),
  startAt: isoInput,
  expectedEndAt: isoInput,
};

const endAfterStart = (b: { startAt?: string; expectedEndAt?: string }) =>
  !b.startAt || !b.expectedEndAt || new Date(b.expectedEndAt) > new Date(b.startAt);

export const CreateNoticeBody = z
  .object({ ...noticeFields, target: NoticeTarget })
  .refine(endAfterStart, { message: '预计恢复时间须晚于开始时间', path: ['expectedEndAt'] })
  .openapi('CreateNoticeBody');
export type CreateNoticeBody = z.infer<typeof CreateNoticeBody>;

/** Changing times of a published notice sends a follow-up push to the same audience. */
export const UpdateNoticeBody = z
  .object({
    title: noticeFields.title,
    reason: noticeFields.reason.optional(),
    safetyAdvice: noticeFields.safetyAdvice,
    startAt: isoInput.optional(),
    expectedEndAt: isoInput.optional(),
    /** Drafts only: the area cannot change once residents were told. */
    target: NoticeTarget.optional(),
  })
  .refine(endAfterStart, { message: '预计恢复时间须晚于开始时间', path: ['expectedEndAt'] })
  .openapi('UpdateNoticeBody');
export type UpdateNoticeBody = z.infer<typeof UpdateNoticeBody>;

export const PublishNoticeBody = z
  .object({
    /** Publish later, at this time (scheduled publish). */
    publishAt: isoInput.optional(),
    /** Why an outage is announced with less than the notice period (kind emergency only). */
    urgentReason: shortText(200).optional(),
  })
  .openapi('PublishNoticeBody');
export type PublishNoticeBody = z.infer<typeof PublishNoticeBody>;

export const RestoreNoticeBody = z
  .object({ restoredAt: isoInput.optional(), message: shortText(200).optional() })
  .openapi('RestoreNoticeBody');
export type RestoreNoticeBody = z.infer<typeof RestoreNoticeBody>;

export const PreviewNoticeBody = z.object({ target: NoticeTarget }).openapi('PreviewNoticeBody');
export type PreviewNoticeBody = z.infer<typeof PreviewNoticeBody>;

export const NoticeParams = z.object({ id: ObjectId });
export type NoticeParams = z.infer<typeof NoticeParams>;

export const ListNoticesQuery = Page.extend({
  utility: Utility.optional(),
  /** Residents: only notices that affect my accounts. */
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ListNoticesQuery = z.infer<typeof ListNoticesQuery>;

export const Notice = z
  .object({
    id: z.string(),
    utility: Utility,
    kind: NoticeKind,
    title: z.string(),
    reason: z.string(),
    safetyAdvice: z.string().optional(),
    areaText: z.string(),
    startAt: IsoDateTime,
    expectedEndAt: IsoDateTime,
    status: NoticeStatus,
    publishedAt: IsoDateTime.optional(),
    restoredAt: IsoDateTime.optional(),
    updatedAt: IsoDateTime.optional(),
    /** Residents: it affects one of my accounts. */
    affectsMe: z.boolean().optional(),
    /** Residents: I have opened it in the app. */
    read: z.boolean().optional(),
  })
  .openapi('Notice');
export type Notice = z.infer<typeof Notice>;

export const NoticeList = paged(Notice).openapi('NoticeList');
export type NoticeList = z.infer<typeof NoticeList>;

export const NoticeChangeField = z.enum(['title', 'reason', 'safetyAdvice', 'startAt', 'expectedEndAt']);
export type NoticeChangeField = z.infer<typeof NoticeChangeField>;
/** One field a change to a published notice altered (times as ISO instants), as residents were told. */
export const NoticeChange = z
  .object({ field: NoticeChangeField, from: z.string(), to: z.string() })
  .openapi('NoticeChange');
export type NoticeChange = z.infer<typeof NoticeChange>;

export const NoticePush = z.object({
  seq: z.number().int(),
  reason: z.enum(['publish', 'update', 'restore']),
  at: IsoDateTime,
  /** An update push: what changed (the history of a published notice's edits and postponements). */
  changes: z.array(NoticeChange).optional(),
  /** Who made the change (update pushes). */
  by: z.string().optional(),
  /** Residents this push was enqueued for (filled in as the fan-out runs). */
  targeted: z.number().int().optional(),
  done: z.boolean().optional(),
});
export type NoticePush = z.infer<typeof NoticePush>;

export const StaffNotice = Notice.extend({
  target: z.object({
    districts: z.array(z.string()),
    communities: z.array(z.object({ district: z.string(), community: z.string() })),
    buildings: z.array(z.object({ district: z.string(), community: z.string(), building: z.string() })),
    accountNoCount: z.number().int(),
  }),
  publishAt: IsoDateTime.optional(),
  urgentReason: z.string().optional(),
  cancelledAt: IsoDateTime.optional(),
  createdBy: z.string(),
  /** Hours between publishing and the start of the outage. */
  leadTimeHours: z.number().optional(),
  requiredLeadHours: z.number(),
  pushes: z.array(NoticePush),
}).openapi('StaffNotice');
export type StaffNotice = z.infer<typeof StaffNotice>;

export const StaffNoticeList = paged(StaffNotice).openapi('StaffNoticeList');
export type StaffNoticeList = z.infer<typeof StaffNoticeList>;

export const NoticeAudience = z
  .object({
    accounts: z.number().int(),
    users: z.number().int(),
    /** Users some channel reaches, by the first channel that would be used. */
    reachable: z.object({
      subscribe: z.number().int(),
      template: z.number().int(),
      sms: z.number().int(),
      total: z.number().int(),
    }),
    unreachable: z.number().int(),
  })
  .openapi('NoticeAudience');
export type NoticeAudience = z.infer<typeof NoticeAudience>;

const counts = z.record(z.string(), z.number().int());

export const NoticeDelivery = z
  .object({
    noticeId: z.string(),
    status: NoticeStatus,
    targetedAccounts: z.number().int().optional(),
    targetedUsers: z.number().int(),
    read: z.number().int(),
    leadTimeHours: z.number().optional(),
    requiredLeadHours: z.number(),
    pushes: z.array(
      NoticePush.extend({
        pending: z.number().int(),
        sent: z.number().int(),
        byChannel: counts,
        failed: counts,
        unreachable: counts,
        /** Channels passed over, per channel and reason (subscribe: NO_GRANT…, template: NOT_FOLLOWING…, sms: NO_PHONE…). */
        skipped: z.partialRecord(MessageChannel, counts),
        /** SMS that went to the account holder's phone (the resident shared none). */
        smsToHolder: z.number().int(),
        uncertain: z.number().int(),
        cancelled: z.number().int(),
      }),
    ),
  })
  .openapi('NoticeDelivery');
export type NoticeDelivery = z.infer<typeof NoticeDelivery>;

/** One resident's delivery of a notice push: the channel that reached them, and why the others were passed over. */
export const NoticeDeliveryRow = z
  .object({
    userId: z.string(),
    status: DeliveryStatus,
    channel: MessageChannel.optional(),
    /** Why it failed or reached no one (an errcode, a provider code, NO_GRANT…). */
    reason: z.string().optional(),
    skipped: z.array(z.object({ channel: MessageChannel, reason: z.string() })),
    /** SMS went to the resident's own phone or the account holder's. */
    smsTo: z.enum(['own', 'holder']).optional(),
    sentAt: IsoDateTime.optional(),
  })
  .openapi('NoticeDeliveryRow');
export type NoticeDeliveryRow = z.infer<typeof NoticeDeliveryRow>;
export const NoticeDeliveryRows = paged(NoticeDeliveryRow).openapi('NoticeDeliveryRows');
export type NoticeDeliveryRows = z.infer<typeof NoticeDeliveryRows>;

export const NoticeDeliveryRowsQuery = Page.extend({
  /** The push (1 = publish); default the latest. */
  seq: z.coerce.number().int().min(1).max(1000).optional(),
  status: DeliveryStatus.optional(),
  channel: MessageChannel.optional(),
});
export type NoticeDeliveryRowsQuery = z.infer<typeof NoticeDeliveryRowsQuery>;
