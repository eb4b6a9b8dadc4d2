/**
 * Setup shared by the notice fan-out tests: the messaging sandbox, a portal sending through it, an operator who
 * drafts and publishes, and bound residents WeChat can reach with the outage template.
 */
import type { AppDeps } from '../../src/deps';
import { seedBoundResidents, type SeededResident } from '../../src/bench/noticeFanout';
import { NOTICE_FANOUT, NOTICE_PUBLISH, createNotices } from '../../src/modules/notices/notices.service';
import { fanOutPush } from '../../src/modules/notices/fanout.job';
import type { Worker } from '../../src/platform/outbox/worker';
import { makeStaff, type TestStaff } from '../factories';
import {
  messageWorker,
  startMessagingPortal,
  type MessagingPortal,
  type MessagingSandbox,
} from '../messaging/support';

export type NoticeDesk = MessagingPortal & { operator: TestStaff };

/** The messaging sandbox, a portal sending through it (its settings plus `env`) and an operator of the portal. */
export async function startNoticeDesk(env: Record<string, string> = {}): Promise<NoticeDesk> {
  const portal = await startMessagingPortal(env);
  return { ...portal, operator: await makeStaff(portal.t.deps, ['operator']) };
}

/**
 * `n` residents bound to households in `district`, each using the mini-program (WeChat knows the openid) and
 * having accepted `grants` outage subscriptions, on the portal's side and in the sandbox's memory.
 */
export async function reachableResidents(
  sb: MessagingSandbox,
  n: number,
  district: string,
  grants: number,
): Promise<SeededResident[]> {
  const people = await seedBoundResidents(n, { district, templateId: 'TPL-MP-OUTAGE', grants });
  for (const p of people) {
    sb.state.users.add(`${sb.keys.appid}|${p.openid}`);
    sb.state.grants.set(`${sb.keys.appid}|${p.openid}|TPL-MP-OUTAGE`, grants);
  }
  return people;
}

/** The operator drafts a planned outage of six hours in `district`, starting `startsInHours` from now: its id. */
export async function draftPlannedNotice(
  desk: Pick<NoticeDesk, 't' | 'operator'>,
  o: { utility: 'gas' | 'water' | 'heating'; reason: string; district: string; startsInHours: number },
): Promise<string> {
  const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const res = await desk.t.api('POST', '/api/staff/notices', {
    token: desk.operator.token,
    body: {
      utility: o.utility,
      kind: 'planned',
      reason: o.reason,
      target: { districts: [o.district] },
      startAt: hours(o.startsInHours),
      expectedEndAt: hours(o.startsInHours + 6),
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** How many outage messages each recipient got, by openid, in the sandbox's message log. */
export function outageMessagesPerOpenid(sb: MessagingSandbox): Map<string, number> {
  const per = new Map<string, number>();
  for (const m of sb.state.messages)
    if (m.templateId === 'TPL-MP-OUTAGE') per.set(m.touser, (per.get(m.touser) ?? 0) + 1);
  return per;
}

/** A message worker that also runs the notices' fan-out and scheduled-publish jobs. */
export function noticeWorker(deps: AppDeps, o: { batchSize?: number } = {}): Worker {
  const notices = createNotices(deps);
  return messageWorker(deps, {
    concurrency: 8,
    batchSize: o.batchSize,
    extra: {
      [NOTICE_FANOUT]: (p, ctx) => fanOutPush(String(p.noticeId), Number(p.seq), ctx),
      [NOTICE_PUBLISH]: (p) => notices.publishScheduled(String(p.noticeId), String(p.publishAt)),
    },
  });
}
