/**
 * Staff alerts on WeCom (企业微信): a text card to members' phones, sent from an outbox job (the caller's
 * job is the outbox entry: written with the state change, retried, deduplicated by its key). WeCom's
 * duplicate check (see platform/wecom) keeps a re-run after a crash from reaching anyone twice.
 * Errors become the outbox's vocabulary: a rate limit waits, a setup or content mistake stops at once,
 * the rest is retried with backoff.
 */
import type { AppDeps } from '../../../deps';
import { PermanentError, RetryLater } from '../../../platform/outbox/worker';
import { createWecomApi, WecomError, type TextCard, type WecomApi } from '../../../platform/wecom/wecomApi';

const clients = new WeakMap<AppDeps, WecomApi | undefined>();

/** Is WeCom set up (WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_AGENT_SECRET)? Without it staff alerts go by SMS. */
export const wecomConfigured = (deps: AppDeps): boolean => wecomOf(deps) !== undefined;

function wecomOf(deps: AppDeps): WecomApi | undefined {
  if (!clients.has(deps)) clients.set(deps, createWecomApi(deps.config, deps.clock));
  return clients.get(deps);
}

/** Where a card's button leads: a console page (path under /console/). */
export const consoleLink = (deps: AppDeps, path: string): string =>
  `${deps.config.PUBLIC_BASE_URL ?? `http://localhost:${deps.config.PORT}`}/console/${path.replace(/^\//, '')}`;

/** Sends one card to the members named (from inside an outbox job). */
export async function sendWecomCard(
  deps: AppDeps,
  card: TextCard,
): Promise<{ sent: boolean; msgid?: string; invaliduser?: string[] }> {
  const api = wecomOf(deps);
  if (!api)
    throw new PermanentError('WeCom is not configured (WECOM_CORP_ID/WECOM_AGENT_ID/WECOM_AGENT_SECRET)');
  if (!card.touser.length) return { sent: false };
  try {
    const r = await api.sendTextCard(card);
    return { sent: true, ...r };
  } catch (e) {
    if (!(e instanceof WecomError)) throw e;
    if (e.rateLimited) throw new RetryLater(60_000, e.message);
    if (!e.transient) throw new PermanentError(e.message, e.errcode);
    throw e;
  }
}
