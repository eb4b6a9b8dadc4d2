/**
 * What the app and the workers are built from. Tests build their own (createTestDeps); main.ts builds
 * the real one. Features take what they need from here; nothing reads process.env but config/.
 */
import type { Config } from '@portal/config';
import type { Logger } from './platform/log';
import type { SessionTokens } from './platform/auth/auth';
import type { WechatClients } from './platform/wechat';
import type { FileStore } from './platform/storage/fileStore';

export type Clock = { now(): Date };

export type AppDeps = {
  config: Config;
  logger: Logger;
  tokens: SessionTokens;
  clock: Clock;
  /** Secrets generated for the demo or read from config (session, QR). */
  secrets: { session: string; qr: string };
  /** WeChat API + WeChat Pay clients (real WeChat or the sandbox, by config). */
  wechat: WechatClients;
  /** Photos and other files, shared by every instance (GridFS or an S3-compatible store). */
  files: FileStore;
};

export const systemClock: Clock = { now: () => new Date() };
