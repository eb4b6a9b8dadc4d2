/**
 * Outage notices: draft → (scheduled →) published → restored, or cancelled. Publishing, changing the
 * times of a published notice and restoring each add a push; a push is fanned out by the
 * 'notice.fanout' job (the first to the area's residents, later ones to the same recipients).
 */
import type {
  CreateNoticeBody,
  ListNoticesQuery,
  Notice,
  NoticeChange,
  NoticeChangeField,
  NoticeTarget,
  PublishNoticeBody,
  RestoreNoticeBody,
  StaffNotice,
  UpdateNoticeBody,
  Utility,
} from '@portal/types';
import type { Config } from '@portal/config';
import type { FilterQuery } from 'mongoose';
import type { AppDeps } from '../../deps';
import type { Auth, StaffAuth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { formatShanghai } from '../../platform/time';
import { cancelGroup, enqueue } from '../../platform/outbox/outbox';
import { accountSummaries, boundAccountNos } from '../accounts';
import { previewAudience } from './audience';
import { enqueuePush } from './pushQueue';
import { NoticeModel, NoticeRecipientModel, type NoticeDoc } from './notice.model';

export { NOTICE_FANOUT } from './pushQueue';
export const NOTICE_PUBLISH = 'notice.publish';

const VERB: Record<Utility, string> = { gas: '气', water: '水', heating: '热' };
const KIND_TITLE: Record<CreateNoticeBody['kind'], (u: Utility) => string> = {
  planned: (u) => `计划停${VERB[u]}`,
  emergency: (u) => `紧急停${VERB[u]}`,
  pressureDrop: (u) => (u === 'gas' ? '降压供气' : u === 'water' ? '降压供水' : '降温供热'),
  restoration: (u) => `恢复供${VERB[u]}`,
};

export const pushGroup = (noticeId: string, seq: number) => `notice:${noticeId}:${seq}`;

export function requiredLeadHours(config: Config, utility: Utility): number {
  return {
    gas: config.NOTICE_LEAD_HOURS_GAS,
    water: config.NOTICE_LEAD_HOURS_WATER,
    heating: config.NOTICE_LEAD_HOURS_HEATING,
  }[utility];
}

export function areaText(t: NoticeTarget): string {
  const parts = [
    ...t.districts,
    ...t.communities.map((c) => c.community),
    ...t.buildings.map((b) => `${b.community}${b.building}号楼`),
  ];
  const text = parts.slice(0, 5).join('、') + (parts.length > 5 ? `等${parts.length}处` : '');
  if (!t.accountNos.length) return text;
  return text ? `${text}及指定${t.accountNos.length}户` : `指定${t.accountNos.length}户`;
}

const iso = (d?: Date | null) => (d ? d.toISOString() : undefined);
const round1 = (n: number) => Math.round(n * 10) / 10;

const CHANGE_TEXT: Record<NoticeChangeField, string> = {
  title: '标题',
  reason: '原因',
  safetyAdvice: '安全提示',
  startAt: '开始时间',
  expectedEndAt: '预计恢复时间',
};
const TIME_FIELDS = new Set<NoticeChangeField>(['startAt', 'expectedEndAt']);

/** The fields `set` changes on the notice, from → to (unchanged values are not changes). */
function changesOf(n: NoticeDoc, set: Record<string, unknown>): NoticeChange[] {
  const out: NoticeChange[] = [];
  for (const field of NoticeChangeFields) {
    if (!(field in set)) continue;
    const before = n[field] as Date | string | null | undefined;
    const after = set[field] as Date | string | undefined;
    const text = (v: Date | string | null | undefined) => (v instanceof Date ? v.toISOString() : (v ?? ''));
    if (text(before) !== text(after)) out.push({ field, from: text(before), to: text(after) });
  }
  return out;
}
const NoticeChangeFields: NoticeChangeField[] = [
  'startAt',
  'expectedEndAt',
  'title',
  'reason',
  'safetyAdvice',
];

/** What residents are told changed: "开始时间改为12月05日 08:00;原因已更新". */
export function changeSummary(changes: NoticeChange[]): string {
  return changes
    .map((c) =>
      TIME_FIELDS.has(c.field)
        ? `${CHANGE_TEXT[c.field]}改为${formatShanghai(c.to, 'MM月DD日 HH:mm')}`
        : `${CHANGE_TEXT[c.field]}已更新`,
    )
    .join(';');
}

export function createNotices(deps: AppDeps) {
  const { config } = deps;
  const now = () => deps.clock.now();

  const load = async (id: string): Promise<NoticeDoc> => {
    const n = await NoticeModel.findById(id).lean<NoticeDoc>();
    if (!n) throw errors.noticeNotFound();
    return n;
  };

  const toPublic = (n: NoticeDoc, extra: { affectsMe?: boolean; read?: boolean } = {}): Notice => ({
    id: String(n._id),
    utility: n.utility as Utility,
    kind: n.kind as Notice['kind'],
    title: n.title,
    reason: n.reason,
    safetyAdvice: n.safetyAdvice ?? undefined,
    areaText: n.areaText,
    startAt: n.startAt.toISOString(),
    expectedEndAt: n.expectedEndAt.toISOString(),
    status: n.status as Notice['status'],
    publishedAt: iso(n.publishedAt),
    restoredAt: iso(n.restoredAt),
    updatedAt: iso(n.updatedAt),
    ...extra,
  });

  const toStaff = (n: NoticeDoc): StaffNotice => ({
    ...toPublic(n),
    target: {
      districts: n.target?.districts ?? [],
      communities: (n.target?.communities ?? []).map((c) => ({
        district: c.district!,
        community: c.community!,
      })),
      buildings: (n.target?.buildings ?? []).map((b) => ({
        district: b.district!,
        community: b.community!,
        building: b.building!,
      })),
      accountNoCount: n.target?.accountNos?.length ?? 0,
    },
    publishAt: iso(n.publishAt),
    urgentReason: n.urgentReason ?? undefined,
    cancelledAt: iso(n.cancelledAt),
    createdBy: n.createdBy,
    leadTimeHours: n.leadTimeHours ?? undefined,
    requiredLeadHours: requiredLeadHours(config, n.utility as Utility),
    pushes: n.pushes.map((p) => ({
      seq: p.seq,
      reason: p.reason as 'publish',
      at: p.at.toISOString(),
      ...(p.changes?.length
        ? {
            changes: p.changes.map((c) => ({
              field: c.field as NoticeChangeField,
              from: c.from ?? '',
              to: c.to ?? '',
            })),
          }
        : {}),
      ...(p.by ? { by: p.by } : {}),
      targeted: p.targeted ?? undefined,
      done: p.done ?? false,
    })),
  });

  const targetOf = (n: NoticeDoc): NoticeTarget => ({
    districts: n.target?.districts ?? [],
    communities: (n.target?.communities ?? []) as NoticeTarget['communities'],
    buildings: (n.target?.buildings ?? []) as NoticeTarget['buildings'],
    accountNos: n.target?.accountNos ?? [],
  });

  /** The outage message data for a push, frozen when the push is added. An update says what changed. */
  const messageData = (
    n: NoticeDoc,
    reason: 'publish' | 'update' | 'restore',
    at: Date,
    changes: NoticeChange[] = [],
  ) => {
    const u = n.utility as Utility;
    const retimed = changes.some((c) => c.field === 'startAt' || c.field === 'expectedEndAt');
    const title =
      reason === 'restore'
        ? `恢复供${VERB[u]}`
        : reason === 'update'
          ? retimed
            ? `停${VERB[u]}改期`
            : '通知更新'
          : n.title;
    return {
      noticeId: String(n._id),
      title,
      area: n.areaText,
      startAt: (reason === 'restore' ? at : n.startAt).toISOString(),
      endAt: reason === 'restore' ? '' : n.expectedEndAt.toISOString(),
      reason:
        reason === 'restore'
          ? `已恢复供${VERB[u]},请检查${u === 'gas' ? '燃气阀门' : '用水用热设备'}`
          : reason === 'update'
            ? changeSummary(changes)
            : n.reason,
    };
  };

  /**
   * Adds a push and enqueues its fan-out (guarded: `expect` is the status the notice must be in). Two
   * writes: the push is recorded marked `unqueued`, and enqueuePush clears the mark.
   */
  const addPush = async (
    n: NoticeDoc,
    reason: 'publish' | 'update' | 'restore',
    at: Date,
    set: Record<string, unknown>,
    expect: string[],
    change?: { changes: NoticeChange[]; by: string },
  ) => {
    const seq = n.pushes.length + 1;
    const after = { ...n, ...set } as NoticeDoc;
    const push = {
      seq,
      reason,
      at,
      data: messageData(after, reason, at, change?.changes),
      done: false,
      unqueued: true,
      ...(change ?? {}),
    };
    const updated = await NoticeModel.findOneAndUpdate(
      { _id: n._id, status: { $in: expect }, 'pushes.seq': { $ne: seq } },
      { $set: set, $push: { pushes: push } },
      { new: true },
    ).lean<NoticeDoc>();
    if (!updated) throw errors.noticeChanged();
    // A crash before this leaves the push marked unqueued; the repair sweep enqueues it (pushQueue.ts).
    await enqueuePush(n._id, seq);
    return updated;
  };

  /** Publishes now: the notice-period rule is checked against the actual publish time. */
  const publishNow = async (n: NoticeDoc, urgentReason: string | undefined, expect: string[]) => {
    const at = now();
    const lead = (n.startAt.getTime() - at.getTime()) / 3_600_000;
    checkNoticePeriod(n, lead, urgentReason ?? n.urgentReason ?? undefined);
    return addPush(
      n,
      'publish',
      at,
      {
        status: 'published',
        publishedAt: at,
        leadTimeHours: round1(lead),
        ...(urgentReason ? { urgentReason } : {}),
      },
      expect,
    );
  };

  const checkNoticePeriod = (
    n: { kind: string; utility: string; startAt: Date },
    leadHours: number,
    urgentReason?: string,
  ) => {
    const required = requiredLeadHours(config, n.utility as Utility);
    if (n.kind === 'planned' && leadHours < required) {
      throw errors.noticePeriodTooShort(VERB[n.utility as Utility], required);
    }
    if (n.kind === 'emergency' && leadHours < required && !urgentReason) {
      throw errors.validation([{ path: 'body.urgentReason', message: '紧急通知晚于通知期发布,须说明原因' }]);
    }
  };

  /** The notices that reach a resident's current households (undefined: they have none). */
  const affecting = async (userId: string): Promise<FilterQuery<NoticeDoc> | undefined> => {
    const accountNos = await boundAccountNos(userId);
    if (!accountNos.length) return undefined;
    const accounts = await accountSummaries(accountNos);
    const or: FilterQuery<NoticeDoc>[] = [{ 'target.accountNos': { $in: accountNos } }];
    for (const a of accounts) {
      const { district, community, building } = a.address ?? ({} as Record<string, string>);
      or.push({ 'target.districts': district });
      or.push({ 'target.communities': { $elemMatch: { district, community } } });
      or.push({ 'target.buildings': { $elemMatch: { district, community, building } } });
    }
    return { $or: or };
  };

  const visible = { status: { $in: ['published', 'restored'] } };
  const noAccountList = { 'target.accountNos': 0 };

  return {
    toStaff,

    async create(auth: StaffAuth, body: CreateNoticeBody): Promise<StaffNotice> {
      const doc = await NoticeModel.create({
        ...body,
        title: body.title ?? KIND_TITLE[body.kind](body.utility),
        areaText: areaText(body.target),
        createdBy: auth.username || auth.staffId,
        status: 'draft',
      });
      return toStaff(doc.toObject() as NoticeDoc);
    },

    /**
     * Edits a notice. On a published one, any change to its times or text is one 'update' push: the
     * residents already told get one message saying what changed, and the push records the change (the
     * notice's history). A repeated or concurrent identical submit changes nothing the second time, so
     * it tells nobody again. New times may not lie in the past.
     */
    async update(auth: StaffAuth, id: string, body: UpdateNoticeBody): Promise<StaffNotice> {
      const n = await load(id);
      if (n.status === 'cancelled' || n.status === 'restored') throw errors.noticeClosedForEdit();
      if (body.target && n.status !== 'draft') throw errors.noticeTargetLocked();
      const set: Record<string, unknown> = {};
      for (const k of ['title', 'reason', 'safetyAdvice'] as const)
        if (body[k] !== undefined) set[k] = body[k];
      if (body.startAt) set.startAt = new Date(body.startAt);
      if (body.expectedEndAt) set.expectedEndAt = new Date(body.expectedEndAt);
      if (body.target) Object.assign(set, { target: body.target, areaText: areaText(body.target) });
      const start = (set.startAt as Date | undefined) ?? n.startAt;
      const end = (set.expectedEndAt as Date | undefined) ?? n.expectedEndAt;
      if (end <= start)
        throw errors.validation([{ path: 'body.expectedEndAt', message: '预计恢复时间须晚于开始时间' }]);
      const changes = changesOf(n, set);
      const at = now();
      const past = changes
        .filter((c) => (c.field === 'startAt' || c.field === 'expectedEndAt') && new Date(c.to) <= at)
        .map((c) => ({
          path: `body.${c.field}`,
          message: c.field === 'startAt' ? '开始时间不能早于现在' : '预计恢复时间不能早于现在',
        }));
      if (past.length) throw errors.validation(past);
      if (n.status === 'published' && changes.length) {
        try {
          return toStaff(
            await addPush(n, 'update', at, set, ['published'], {
              changes,
              by: auth.username || auth.staffId,
            }),
          );
        } catch (e) {
          // A double submit racing this one already made the same change (and its one push): nothing to add.
          const now = await load(id);
          if (now.status === 'published' && !changesOf(now, set).length) return toStaff(now);
          throw e;
        }
      }
      const updated = await NoticeModel.findOneAndUpdate(
        { _id: n._id, status: n.status },
        { $set: set },
        { new: true },
      ).lean<NoticeDoc>();
      if (!updated) throw errors.noticeChanged();
      return toStaff(updated);
    },

    async preview(target: NoticeTarget) {
      return previewAudience(deps, target);
    },

    async audienceOf(id: string) {
      return this.preview(targetOf(await load(id)));
    },

    async publish(id: string, body: PublishNoticeBody): Promise<StaffNotice> {
      const n = await load(id);
      if (n.status !== 'draft' && n.status !== 'scheduled') throw errors.noticeAlreadyPublished();
      if (body.publishAt && new Date(body.publishAt) > now()) {
        const at = new Date(body.publishAt);
        const lead = (n.startAt.getTime() - at.getTime()) / 3_600_000;
        checkNoticePeriod(n, lead, body.urgentReason);
        const updated = await NoticeModel.findOneAndUpdate(
          { _id: n._id, status: { $in: ['draft', 'scheduled'] } },
          {
            $set: {
              status: 'scheduled',
              publishAt: at,
              ...(body.urgentReason ? { urgentReason: body.urgentReason } : {}),
            },
          },
          { new: true },
        ).lean<NoticeDoc>();
        if (!updated) throw errors.noticeChanged();
        await enqueue({
          kind: NOTICE_PUBLISH,
          dedupeKey: `notice:${id}:publish:${at.getTime()}`,
          payload: { noticeId: id, publishAt: at.toISOString() },
          runAt: at,
          group: `notice:${id}:jobs`,
        });
        return toStaff(updated);
      }
      return toStaff(await publishNow(n, body.urgentReason, ['draft', 'scheduled']));
    },

    /** The scheduled publish job: publishes unless the notice was cancelled or rescheduled. */
    async publishScheduled(id: string, publishAt: string): Promise<string> {
      const n = await NoticeModel.findById(id).lean<NoticeDoc>();
      if (!n || n.status !== 'scheduled' || n.publishAt?.toISOString() !== publishAt) return 'skipped';
      await publishNow(n, undefined, ['scheduled']);
      return 'published';
    },

    async restore(id: string, body: RestoreNoticeBody): Promise<StaffNotice> {
      const n = await load(id);
      if (n.status !== 'published') throw errors.noticeNotPublished();
      const at = body.restoredAt ? new Date(body.restoredAt) : now();
      return toStaff(await addPush(n, 'restore', at, { status: 'restored', restoredAt: at }, ['published']));
    },

    /** Stops every push not yet sent; the notice disappears from the lists. */
    async cancel(id: string): Promise<StaffNotice> {
      const n = await load(id);
      if (n.status === 'cancelled') return toStaff(n);
      if (n.status === 'restored') throw errors.noticeClosedForCancel();
      const updated = await NoticeModel.findOneAndUpdate(
        { _id: n._id, status: n.status },
        { $set: { status: 'cancelled', cancelledAt: now() } },
        { new: true },
      ).lean<NoticeDoc>();
      if (!updated) throw errors.noticeChanged();
      await cancelGroup(`notice:${id}:jobs`);
      for (const p of updated.pushes) await cancelGroup(pushGroup(id, p.seq));
      return toStaff(updated);
    },

    async list(auth: Auth | undefined, q: ListNoticesQuery) {
      const filter: FilterQuery<NoticeDoc> = { ...visible, ...(q.utility ? { utility: q.utility } : {}) };
      const resident = auth?.kind === 'resident' ? auth : undefined;
      const mineFilter = resident ? await affecting(resident.userId) : undefined;
      if (q.mine) {
        if (!mineFilter) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
        Object.assign(filter, mineFilter);
      }
      const [rows, total] = await Promise.all([
        NoticeModel.find(filter, noAccountList)
          .sort({ startAt: -1 })
          .skip((q.page - 1) * q.pageSize)
          .limit(q.pageSize)
          .lean<NoticeDoc[]>(),
        NoticeModel.countDocuments(filter),
      ]);
      const ids = rows.map((r) => r._id);
      const affected = mineFilter
        ? new Set(
            (await NoticeModel.find({ _id: { $in: ids }, ...mineFilter }, { _id: 1 }).lean()).map((r) =>
              String(r._id),
            ),
          )
        : new Set<string>();
      const read = resident
        ? new Set(
            (
              await NoticeRecipientModel.find(
                { noticeId: { $in: ids }, userId: resident.userId, readAt: { $exists: true } },
                { noticeId: 1 },
              ).lean()
            ).map((r) => String(r.noticeId)),
          )
        : new Set<string>();
      return {
        items: rows.map((r) =>
          toPublic(
            r,
            resident ? { affectsMe: affected.has(String(r._id)), read: read.has(String(r._id)) } : {},
          ),
        ),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async listForStaff(q: ListNoticesQuery) {
      const filter: FilterQuery<NoticeDoc> = q.utility ? { utility: q.utility } : {};
      const [rows, total] = await Promise.all([
        NoticeModel.find(filter)
          .sort({ createdAt: -1 })
          .skip((q.page - 1) * q.pageSize)
          .limit(q.pageSize)
          .lean<NoticeDoc[]>(),
        NoticeModel.countDocuments(filter),
      ]);
      return { items: rows.map(toStaff), total, page: q.page, pageSize: q.pageSize };
    },

    async get(auth: Auth | undefined, id: string): Promise<Notice> {
      const n = await NoticeModel.findOne({ _id: id, ...visible }, noAccountList).lean<NoticeDoc>();
      if (!n) throw errors.noticeNotFound();
      if (auth?.kind !== 'resident') return toPublic(n);
      // Mine by the households the resident is bound to now, as the list says it: not by the recipients the
      // fan-out writes, which a resident opening the notice right after it was published would not find yet.
      const [affected, r] = await Promise.all([
        affecting(auth.userId).then((f) => f && NoticeModel.exists({ _id: n._id, ...f })),
        NoticeRecipientModel.findOne({ noticeId: n._id, userId: auth.userId }, { readAt: 1 }).lean(),
      ]);
      return toPublic(n, { affectsMe: Boolean(affected), read: Boolean(r?.readAt) });
    },

    async getForStaff(id: string): Promise<StaffNotice> {
      return toStaff(await load(id));
    },

    /** Opened in the app: counts as read in the delivery report (recipients only). */
    async markRead(userId: string, id: string): Promise<{ ok: true }> {
      const n = await NoticeModel.exists({ _id: id, ...visible });
      if (!n) throw errors.noticeNotFound();
      await NoticeRecipientModel.updateOne(
        { noticeId: id, userId, readAt: { $exists: false } },
        { $set: { readAt: now() } },
      );
      return { ok: true };
    },

    load,
    targetOf,
  };
}

export type Notices = ReturnType<typeof createNotices>;
