/**
 * The official account's message push (服务器配置, plaintext or compatible mode): WeChat signs every call with
 * `sha1(sort([token, timestamp, nonce]).join(''))`; the GET handshake echoes `echostr`; POST bodies are XML.
 * Follow and unfollow events are applied at once (a state-guarded upsert keyed by the OA openid and ordered by
 * CreateTime, so WeChat's retries and reordered pushes change nothing twice), and a 'residentContact.oaFollower.resolve'
 * job fetches the unionid that links a new follower to a mini-program resident. WeChat wants an answer within 5 s:
 * nothing here calls WeChat.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { OaPushQuery } from '@portal/types';
import type { Config } from '@portal/config';
import { errors } from '../../platform/http/errors';
import { enqueue } from '../../platform/outbox/outbox';
import { markOaFollowers } from '../accounts';
import { OaFollowerModel } from './oaFollower.model';

export const OA_FOLLOWER_RESOLVE = 'residentContact.oaFollower.resolve';

const parser = new XMLParser({
  parseTagValue: false,
  processEntities: false,
  ignoreDeclaration: true,
  trimValues: true,
});

export function verifyPushSignature(config: Pick<Config, 'WECHAT_OA_TOKEN'>, q: OaPushQuery): void {
  const token = config.WECHAT_OA_TOKEN;
  if (!token) throw errors.oaPushNotConfigured();
  const expected = createHash('sha1').update([token, q.timestamp, q.nonce].sort().join('')).digest();
  const given = Buffer.from(q.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new PushSignatureError();
}

class PushSignatureError extends Error {}
export const isPushSignatureError = (e: unknown) => e instanceof PushSignatureError;

type PushEvent = {
  MsgType?: string;
  Event?: string;
  FromUserName?: string;
  CreateTime?: string;
  Encrypt?: string;
};

/** Parses a push body; throws a 400 for anything that is not WeChat's XML. */
export function parsePush(raw: string): PushEvent {
  if (!raw.trim().startsWith('<')) throw errors.oaPushNotXml();
  let doc: { xml?: PushEvent };
  try {
    doc = parser.parse(raw, true) as { xml?: PushEvent };
  } catch {
    throw errors.oaPushNotXml();
  }
  if (!doc?.xml || typeof doc.xml !== 'object') throw errors.oaPushNotXml();
  return doc.xml;
}

/** Applies a follow/unfollow fact unless a newer one is already known; returns whether it changed anything. */
export async function applyFollowFact(f: {
  openid: string;
  follows: boolean;
  at: Date;
  unionid?: string;
  subscribedAt?: Date;
}): Promise<boolean> {
  const set: Record<string, unknown> = { follows: f.follows, factAt: f.at };
  if (f.unionid) set.unionid = f.unionid;
  if (f.subscribedAt) set.subscribedAt = f.subscribedAt;
  let applied = false;
  try {
    const r = await OaFollowerModel.updateOne(
      { _id: f.openid, factAt: { $lte: f.at } },
      { $set: set },
      { upsert: true },
    );
    applied = r.modifiedCount + r.upsertedCount === 1;
  } catch (e) {
    // The upsert lost to a newer fact for the same openid (the filter missed, the insert hit the _id).
    if ((e as { code?: number }).code !== 11000) throw e;
  }
  if (applied) {
    const doc = await OaFollowerModel.findById(f.openid).lean();
    await markOaFollowers([
      { openid: f.openid, unionid: doc?.unionid ?? undefined, follows: doc?.follows ?? f.follows },
    ]);
  }
  return applied;
}

/** One push: follow events are applied, everything else is acknowledged and ignored. */
export async function handlePush(raw: string): Promise<{ event?: string; applied: boolean }> {
  const e = parsePush(raw);
  if (e.Encrypt && !e.MsgType) throw errors.oaPushEncrypted();
  if (e.MsgType !== 'event' || (e.Event !== 'subscribe' && e.Event !== 'unsubscribe'))
    return { event: e.Event, applied: false };
  const openid = String(e.FromUserName ?? '');
  const createTime = Number(e.CreateTime);
  if (!openid || !Number.isInteger(createTime)) throw errors.oaPushIncomplete();
  const follows = e.Event === 'subscribe';
  const at = new Date(createTime * 1000);
  const applied = await applyFollowFact({ openid, follows, at, ...(follows ? { subscribedAt: at } : {}) });
  if (applied && follows) {
    await enqueue({
      kind: OA_FOLLOWER_RESOLVE,
      dedupeKey: `oa-follower:${openid}:${createTime}`,
      payload: { openid },
      maxAttempts: 8,
    });
  }
  return { event: e.Event, applied };
}
