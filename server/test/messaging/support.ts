/** Shared by the messaging and notices tests: a sandbox with the portal's templates, residents who can be reached. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { AppDeps } from '../../src/deps';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker, type Worker } from '../../src/platform/outbox/worker';
import { MESSAGE_SEND } from '../../src/modules/messaging/enqueueMessage';
import { registerSandboxTemplates } from '../../src/modules/messaging/sandboxTemplates';
import { registerSandboxSms } from '../../src/modules/messaging/sms/registerSandboxSms';
import { messengerFor, sendMessageJob } from '../../src/modules/messaging/sendMessage.job';
import { eventTemplates } from '../../src/modules/messaging/templates';
import { UserModel } from '../../src/modules/accounts/user.model';
import type { JobHandler } from '../../src/platform/outbox/worker';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

export type MessagingSandbox = RunningSandbox & { portal: Record<string, string> };

export async function startMessagingSandbox(): Promise<MessagingSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msg-sandbox-'));
  const sandbox = await startSandbox({ dir, notifyRetryScale: 0.001 });
  await registerSandboxTemplates(sandbox.client, eventTemplates({ WECHAT_TEMPLATE_IDS: undefined }));
  await registerSandboxSms(sandbox.client, { SMS_SIGNATURE: '公用事业服务', SMS_TEMPLATE_IDS: undefined });
  const stop = sandbox.stop;
  return {
    ...sandbox,
    portal: {
      ...sandbox.portalEnv({}),
      MESSAGE_RETRY_BASE_MS: '20',
      MESSAGE_RETRY_MAX_MS: '200',
      SMS_TIMEOUT_MS: '1000',
      SMS_STATUS_SETTLE_MS: '3000',
    },
    stop: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type MessagingPortal = { t: TestServer; sb: MessagingSandbox; close(): Promise<void> };

/** The messaging sandbox and a portal sending through it (its settings plus `env`); `close` stops both. */
export async function startMessagingPortal(env: Record<string, string> = {}): Promise<MessagingPortal> {
  const sb = await startMessagingSandbox();
  const t = await startTestServer({ deps: createTestDeps(testConfig({ ...sb.portal, ...env })) });
  return {
    t,
    sb,
    close: async () => {
      await t.close();
      await sb.stop();
    },
  };
}

/** The Token the portal and the official account's server settings share (WeChat signs each push with it). */
export const OA_PUSH_TOKEN = 'portalPushToken2026';

/** The messaging sandbox and a portal it pushes official-account events to (server URL and Token set). */
export async function startOaPushTest(): Promise<MessagingPortal> {
  const test = await startMessagingPortal({ WECHAT_OA_TOKEN: OA_PUSH_TOKEN });
  await test.sb.client.configureOaServer({ url: `${test.t.url}/api/wechat/oa/push`, token: OA_PUSH_TOKEN });
  return test;
}

/** A resident reachable by: a subscribe grant (`grants` accepted), the official account, SMS. */
export async function reachable(
  deps: AppDeps,
  sandbox: RunningSandbox,
  userId: string,
  o: {
    grants?: number;
    followsOa?: boolean;
    phone?: string;
    event?: keyof ReturnType<typeof eventTemplates>;
  },
): Promise<void> {
  const user = (await UserModel.findById(userId).lean())!;
  const templateId = messengerFor(deps).templates[o.event ?? 'outageNotice'].subscribe.templateId;
  for (let i = 0; i < (o.grants ?? 0); i++) {
    await sandbox.client.grantSubscription({ openid: user.openidMp!, templateIds: [templateId] });
    await messengerFor(deps).grants.report(userId, { results: { [templateId]: 'accept' } });
  }
  const set: Record<string, unknown> = {};
  if (o.followsOa) {
    const openidOa = user.openidOa ?? `o_oa_${userId}`;
    await sandbox.client.follow(openidOa);
    Object.assign(set, { openidOa, followsOa: true });
  }
  if (o.phone) set.phone = o.phone;
  if (Object.keys(set).length) await UserModel.updateOne({ _id: userId }, { $set: set });
}

export function messageWorker(
  deps: AppDeps,
  o: { concurrency?: number; leaseMs?: number; batchSize?: number; extra?: Record<string, JobHandler> } = {},
): Worker {
  return createWorker({
    handlers: { [MESSAGE_SEND]: sendMessageJob(deps), ...(o.extra ?? {}) },
    concurrency: o.concurrency ?? 8,
    batchSize: o.batchSize,
    leaseMs: o.leaseMs ?? 30_000,
    pollMs: 20,
    backoffBaseMs: 20,
    backoffMaxMs: 200,
  });
}

/** Runs the worker until no entry is pending or running (retries included), or throws after maxMs. */
export async function settle(worker: Worker, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  worker.start();
  try {
    for (;;) {
      const open = await OutboxModel.countDocuments({
        status: { $in: ['pending', 'running'] },
        repeatEveryMs: { $exists: false },
      });
      if (!open) return;
      if (Date.now() > deadline) throw new Error(`outbox not settled: ${open} open entries`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await worker.stop();
  }
}
