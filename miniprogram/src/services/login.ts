/**
 * Platform login. Taro picks login.weapp.ts or login.h5.ts at build time; this file is the shared
 * contract (and what type-checking sees). Both exchange a WeChat code through the API client.
 */
import type { RenewedSession } from '@portal/types/src/client';
import type { ResidentApi } from './api';

export type PlatformLogin = {
  /** Obtain a new session. On H5 this may navigate away to the OAuth page and never resolve. */
  login(api: ResidentApi): Promise<RenewedSession>;
  /** Called once at app launch: finish a login the platform started (H5: the OAuth `code` in the URL). */
  completePendingLogin(api: ResidentApi): Promise<void>;
};

export { platformLogin } from './login.weapp';
