/**
 * The sandbox as the embedded demo runs it: keys kept in DATA_DIR/sandbox (generated on first start),
 * listening on SANDBOX_PORT, and the portal's WeChat settings pointed at it. Settings the operator
 * set explicitly win, except the base URLs and credentials, which must match the sandbox's keys.
 */
import path from 'node:path';
import type { Config } from '@portal/config';
import type { Logger } from '../src/platform/log';
import type { Clock } from '../src/deps';
import { REPO_ROOT } from '../src/platform/db/embeddedMongo';
import { startSandbox } from './index';
import { miniProgramPages } from './pages';

/** Where the payments feature receives WeChat Pay notifications (operationId wechatPayNotify). */
export const DEFAULT_NOTIFY_PATH = '/api/wechatpay/notify';

export async function startDemoSandbox(
  config: Config,
  logger: Logger,
  clock?: Clock,
): Promise<{ config: Partial<Config>; stop(): Promise<void> }> {
  const portalOrigin = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
  const sandbox = await startSandbox({
    dir: path.join(config.dataDir, 'sandbox'),
    port: config.SANDBOX_PORT,
    host: '127.0.0.1',
    // The pages of the mini-program as built (what would be released), else the page contract's.
    pages: miniProgramPages(path.join(REPO_ROOT, 'miniprogram', 'dist', 'weapp', 'app.json')),
    // The official account's 网页授权域名: the portal's own host, where the H5 lives (on a developer's
    // machine both names of it).
    oauthDomains: config.PUBLIC_BASE_URL
      ? [new URL(portalOrigin).host]
      : [`localhost:${config.PORT}`, `127.0.0.1:${config.PORT}`],
    // A merchant since late 2024: only the WeChat Pay public key (no platform certificates).
    verification: 'publicKey',
    // The demo portal listens on http://localhost (no TLS certificate); WeChat would want https.
    leniency: ['httpNotifyUrl'],
    now: clock && (() => clock.now()),
  });
  const env = sandbox.portalEnv({
    notifyUrl: config.WECHAT_PAY_NOTIFY_URL ?? `${portalOrigin.replace(/\/$/, '')}${DEFAULT_NOTIFY_PATH}`,
  });
  // WeCom staff alerts (new orders, escalations) reach the demo staff's phones in the sandbox, unless the
  // operator configured a real WeCom application.
  if (!config.WECOM_CORP_ID) Object.assign(env, sandbox.wecomEnv());
  // The official account's 服务器配置, as a utility saves it: follows in the sandbox are pushed to the demo portal.
  // (WeChat's echostr handshake needs the portal listening, which it is not yet; the token is the one given to it.)
  const oaToken = config.WECHAT_OA_TOKEN ?? 'sandboxOaPushToken';
  sandbox.state.oa.push = { url: `${portalOrigin.replace(/\/$/, '')}/api/wechat/oa/push`, token: oaToken };
  env.WECHAT_OA_TOKEN = oaToken;
  logger.info(
    { url: sandbox.url, appid: sandbox.keys.appid, mchid: sandbox.keys.mchid },
    'WeChat sandbox started',
  );
  return { config: env as unknown as Partial<Config>, stop: sandbox.stop };
}
