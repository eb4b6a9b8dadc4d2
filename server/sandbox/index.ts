/**
 * The WeChat platform sandbox: one HTTP service that answers as api.weixin.qq.com and
 * api.mch.weixin.qq.com do, plus a control API under /__sandbox. Start it in-process:
 *
 *   const sandbox = await startSandbox({ dir: tmpDir, notifyRetryScale: 0.001 });
 *   const config = testConfig(sandbox.portalEnv({ notifyUrl }));
 *   await sandbox.client.mintLoginCode({ openid: 'o-resident' });
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import { listen } from '../src/platform/http/listen';
import { SandboxClient } from './client';
import { controlRoutes } from './control';
import { rawBody } from './http';
import { KEY_FILES, loadOrCreateSandboxKeys, type SandboxKeys } from './keys';
import { mpRoutes } from './mp';
import { oauthPageRoutes } from './oauthPage';
import { oaRoutes } from './oa';
import { tencentSmsRoutes } from './tencentSms';
import { wecomRoutes } from './wecom';
import { miniProgramPages } from './pages';
import { Notifier } from './notifier';
import { payRoutes } from './pay';
import { createState, type Leniency, type SandboxOptions, type SandboxState } from './state';

export type { SandboxKeys } from './keys';
export type { Leniency } from './state';
export { SandboxClient } from './client';
export { RETRY_SCHEDULE_SECONDS } from './notifier';

export type StartSandboxOptions = Partial<Omit<SandboxOptions, 'keys' | 'leniency'>> & {
  /** Leniencies asked for by name (default none: as strict as WeChat). */
  leniency?: Leniency[];
  /** Where the key material lives; generated there on first start. */
  dir: string;
  port?: number;
  host?: string;
};

export type RunningSandbox = {
  url: string;
  keys: SandboxKeys;
  dir: string;
  state: SandboxState;
  client: SandboxClient;
  /** Settings that point the portal at this sandbox (the names config/ reads). */
  portalEnv(opts: { notifyUrl?: string; publicKeyMode?: boolean }): Record<string, string>;
  /** Settings that turn on WeCom staff alerts against this sandbox (opt-in: they add outbox work). */
  wecomEnv(): Record<string, string>;
  stop(): Promise<void>;
};

export function createSandboxApp(state: SandboxState, notifier: Notifier): Koa {
  const app = new Koa();
  const router = new Router();
  mpRoutes(router, state);
  payRoutes(router, state, notifier);
  controlRoutes(router, state, notifier);
  oauthPageRoutes(router, state);
  oaRoutes(router, state);
  tencentSmsRoutes(router, state);
  wecomRoutes(router, state);
  app.use(rawBody);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

export async function startSandbox(opts: StartSandboxOptions): Promise<RunningSandbox> {
  const keys = loadOrCreateSandboxKeys(opts.dir);
  const state = createState({
    keys,
    verification: opts.verification ?? 'certificate',
    notifyRetryScale: opts.notifyRetryScale ?? 1,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200,
    templateDailyQuota: opts.templateDailyQuota ?? 100_000,
    pages: opts.pages ?? miniProgramPages(),
    oauthDomains: opts.oauthDomains ?? [],
    leniency: new Set(opts.leniency ?? []),
    now: opts.now ?? (() => new Date()),
  });
  const notifier = new Notifier(state);
  const app = createSandboxApp(state, notifier);
  const server = http.createServer(app.callback());
  await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1', 'SANDBOX_PORT');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const file = (name: string) => path.join(opts.dir, name);
  return {
    url,
    keys,
    dir: opts.dir,
    state,
    client: new SandboxClient(url),
    portalEnv: ({ notifyUrl, publicKeyMode = state.options.verification !== 'certificate' }) => ({
      WECHAT_API_BASE: url,
      WECHAT_PAY_API_BASE: url,
      WECHAT_MP_APPID: keys.appid,
      WECHAT_MP_SECRET: keys.appSecret,
      WECHAT_OA_APPID: keys.oaAppid,
      WECHAT_OA_SECRET: keys.oaAppSecret,
      WECHAT_PAY_MCHID: keys.mchid,
      WECHAT_PAY_SERIAL: keys.merchant.serial,
      WECHAT_PAY_PRIVATE_KEY_PATH: file(KEY_FILES.merchantKey),
      WECHAT_PAY_CERT_PATH: file(KEY_FILES.merchantCert),
      WECHAT_PAY_APIV3_KEY: keys.apiV3Key,
      ...(publicKeyMode
        ? {
            WECHAT_PAY_PUBLIC_KEY_PATH: file(KEY_FILES.publicKey),
            WECHAT_PAY_PUBLIC_KEY_ID: keys.publicKey.id,
          }
        : {}),
      ...(notifyUrl ? { WECHAT_PAY_NOTIFY_URL: notifyUrl } : {}),
      // Tencent Cloud SMS through its real SDK, answered by this sandbox (tencentSms.ts).
      SMS_PROVIDER: 'tencent',
      TENCENT_SMS_ENDPOINT: url,
      TENCENT_SMS_SECRET_ID: state.sms.credentials.secretId,
      TENCENT_SMS_SECRET_KEY: state.sms.credentials.secretKey,
      TENCENT_SMS_SDK_APP_ID: state.sms.credentials.sdkAppId,
    }),
    wecomEnv: () => ({
      WECOM_API_BASE: url,
      WECOM_CORP_ID: state.wecom.corp.corpId,
      WECOM_AGENT_ID: String(state.wecom.corp.agentId),
      WECOM_AGENT_SECRET: state.wecom.corp.corpSecret,
    }),
    stop: async () => {
      notifier.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
