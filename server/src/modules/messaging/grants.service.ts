/**
 * Subscribe-message grants: the mini-program reports what the resident answered to
 * wx.requestSubscribeMessage; each accept is one send; a send takes one before calling WeChat.
 */
import type { MessageEvent, MySubscriptions, ReportSubscriptionsBody } from '@portal/types';
import { errors } from '../../platform/http/errors';
import { Types } from 'mongoose';
import { IN_PIECE, slices } from '../../platform/db/batches';
import { SubscriptionModel } from './subscription.model';
import { liveTemplates } from './liveTemplates';
import type { EventTemplates } from './templates';

/** Grants pile up when a resident accepts repeatedly; this bounds what one client can claim. */
const MAX_REMAINING = 50;

/** How many recent taker ids a grant document remembers (retries come within minutes). */
const TAKEN_BY_KEPT = 50;

export function createGrants(base: Record<MessageEvent, EventTemplates>) {
  /** The live subscribe template ids (console settings over config), by id. */
  const eventsById = async () => {
    const templates = await liveTemplates(base);
    return {
      templates,
      eventOf: new Map(Object.values(templates).map((t) => [t.subscribe.templateId, t.event])),
    };
  };

  return {
    async report(userId: string, body: ReportSubscriptionsBody): Promise<MySubscriptions> {
      const { eventOf } = await eventsById();
      const unknown = Object.keys(body.results).filter((id) => !eventOf.has(id));
      if (unknown.length) {
        throw errors.validation(
          unknown.map((id) => ({ path: `body.results.${id}`, message: '未知的消息模板' })),
        );
      }
      for (const [templateId, answer] of Object.entries(body.results)) {
        const filter = { userId, templateId };
        const base = { $setOnInsert: { userId, templateId, event: eventOf.get(templateId) } };
        if (answer === 'accept') {
          await SubscriptionModel.updateOne(
            filter,
            { ...base, $inc: { remaining: 1, accepted: 1 }, $set: { lastAnswer: answer } },
            { upsert: true },
          );
          await SubscriptionModel.updateOne(
            { ...filter, remaining: { $gt: MAX_REMAINING } },
            { $set: { remaining: MAX_REMAINING } },
          );
        } else if (answer === 'ban') {
          // The resident turned this template off in WeChat's settings: nothing left to send with.
          await SubscriptionModel.updateOne(
            filter,
            { ...base, $set: { lastAnswer: answer, remaining: 0 } },
            { upsert: true },
          );
        } else {
          await SubscriptionModel.updateOne(
            filter,
            { ...base, $set: { lastAnswer: answer } },
            { upsert: true },
          );
        }
      }
      return this.mine(userId);
    },

    async mine(userId: string): Promise<MySubscriptions> {
      const rows = await SubscriptionModel.find({ userId }).sort({ templateId: 1 }).lean();
      const { templates } = await eventsById();
      return {
        grants: rows.map((r) => ({
          templateId: r.templateId,
          event: r.event as MessageEvent | undefined,
          remaining: r.remaining ?? 0,
          lastAnswer: r.lastAnswer ?? undefined,
          updatedAt: r.updatedAt?.toISOString(),
        })),
        templates: Object.values(templates).map((t) => ({
          event: t.event,
          templateId: t.subscribe.templateId,
          title: t.title,
        })),
      };
    },

    /**
     * Takes one grant for a delivery; false when none is left. Taking and recording who took it are one
     * atomic update, so a worker that dies right after taking leaves a grant its retry recognises, instead of
     * one spent on nothing.
     */
    async take(userId: string, templateId: string, deliveryId: string): Promise<boolean> {
      const r = await SubscriptionModel.updateOne(
        { userId, templateId, remaining: { $gt: 0 }, takenBy: { $ne: deliveryId } },
        { $inc: { remaining: -1 }, $push: { takenBy: { $each: [deliveryId], $slice: -TAKEN_BY_KEPT } } },
      );
      if (r.modifiedCount === 1) return true;
      return (await SubscriptionModel.exists({ userId, templateId, takenBy: deliveryId })) !== null;
    },

    /**
     * `take` for a batch, in two round trips whatever its size: one update takes a grant for each delivery
     * (the same guard as `take`: a grant left, none taken by this delivery yet), one read finds which
     * deliveries now hold one (taken now, or by an earlier run of the same delivery). Returns those ids.
     */
    async takeMany(
      wants: { userId: string; templateId: string; deliveryId: string }[],
    ): Promise<Set<string>> {
      if (!wants.length) return new Set();
      // Each (resident, template) once in the batch: one bulkWrite of pipeline updates takes them all, each grant
      // document finding its own delivery id in its piece's list (a statement per IN_PIECE residents, not one
      // per message). A resident with two messages for one template in the batch has the second taken by a
      // plain update afterwards.
      const pairKey = (userId: string, templateId: string) => `${userId}|${templateId}`;
      const first = new Map<string, string>();
      const again: typeof wants = [];
      for (const w of wants) {
        const k = pairKey(w.userId, w.templateId);
        if (first.has(k)) again.push(w);
        else first.set(k, w.deliveryId);
      }
      const now = new Date();
      /** One statement per piece of the batch (see IN_PIECE), each with its own residents and delivery ids. */
      const takeIn = (piece: [string, string][]) => {
        const deliveryOf = {
          $ifNull: [
            {
              $getField: {
                field: { $concat: [{ $toString: '$userId' }, '|', '$templateId'] },
                input: { $literal: Object.fromEntries(piece) },
              },
            },
            '',
          ],
        };
        // Whether this grant is taken now: a delivery of this batch names it, a grant is left, and that delivery
        // has none yet.
        const takes = {
          $and: [
            { $ne: ['$$d', ''] },
            { $gt: ['$remaining', 0] },
            { $not: [{ $in: ['$$d', { $ifNull: ['$takenBy', []] }] }] },
          ],
        };
        return {
          updateMany: {
            // (the residents only: a filter the {userId, templateId} index serves on any server; the template,
            // a grant left and this delivery not having one yet are checked per document in `takes`)
            filter: {
              userId: { $in: [...new Set(piece.map(([k]) => new Types.ObjectId(k.split('|')[0])))] },
            },
            // One stage that works out the delivery and the verdict once per grant (three fields set each by
            // their own `$cond` worked them out three times); a grant not taken is replaced by itself, which
            // writes nothing.
            update: [
              {
                $replaceWith: {
                  $let: {
                    vars: { d: deliveryOf },
                    in: {
                      $cond: [
                        takes,
                        {
                          $mergeObjects: [
                            '$$ROOT',
                            {
                              remaining: { $subtract: ['$remaining', 1] },
                              updatedAt: now,
                              takenBy: {
                                $slice: [
                                  { $concatArrays: [{ $ifNull: ['$takenBy', []] }, ['$$d']] },
                                  -TAKEN_BY_KEPT,
                                ],
                              },
                            },
                          ],
                        },
                        '$$ROOT',
                      ],
                    },
                  },
                },
              },
            ],
          },
        };
      };
      await SubscriptionModel.collection.bulkWrite(slices([...first], IN_PIECE).map(takeIn), {
        ordered: false,
      });
      if (again.length)
        await SubscriptionModel.bulkWrite(
          again.map((w) => ({
            updateOne: {
              filter: {
                userId: w.userId,
                templateId: w.templateId,
                remaining: { $gt: 0 },
                takenBy: { $ne: w.deliveryId },
              },
              update: {
                $inc: { remaining: -1 },
                $push: { takenBy: { $each: [w.deliveryId], $slice: -TAKEN_BY_KEPT } },
              },
            },
          })),
          { ordered: false },
        );
      // The residents' grants, whose takenBy lists are looked through here (a `takenBy: {$in}` filter would make
      // the stand-in compare every listed id with every id asked for).
      const rows = await SubscriptionModel.find(
        { userId: { $in: [...new Set(wants.map((w) => w.userId))] } },
        { userId: 1, templateId: 1, takenBy: 1 },
      ).lean();
      const held = new Set(
        rows.flatMap((r) =>
          r.takenBy.map((deliveryId) => `${String(r.userId)}|${r.templateId}|${deliveryId}`),
        ),
      );
      return new Set(
        wants.filter((w) => held.has(`${w.userId}|${w.templateId}|${w.deliveryId}`)).map((w) => w.deliveryId),
      );
    },

    /** WeChat did not use the grant (the send failed before it counted). */
    async giveBack(userId: string, templateId: string, deliveryId: string): Promise<void> {
      await SubscriptionModel.updateOne(
        { userId, templateId, takenBy: deliveryId },
        { $inc: { remaining: 1 }, $pull: { takenBy: deliveryId } },
      );
    },

    /** WeChat says there is none (43101): our count was wrong; stop trying with it. */
    async clear(userId: string, templateId: string, deliveryId?: string): Promise<void> {
      await SubscriptionModel.updateOne(
        { userId, templateId },
        { $set: { remaining: 0 }, ...(deliveryId ? { $pull: { takenBy: deliveryId } } : {}) },
      );
    },

    async remaining(userId: string, templateId: string): Promise<number> {
      const r = await SubscriptionModel.findOne({ userId, templateId }, { remaining: 1 }).lean();
      return r?.remaining ?? 0;
    },
  };
}

export type Grants = ReturnType<typeof createGrants>;
