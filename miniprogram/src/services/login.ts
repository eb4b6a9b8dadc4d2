/**
 * Platform login. Taro picks login.weapp.ts or login.h5.ts at build time; this file is the shared
 * contract (and what type-checking sees).
 */
import type { StoredSession } from './client';

export type PlatformLogin = {
  /** Obtain a new session. On H5 this may navigate away to the OAuth page and never resolve. */
  login(): Promise<StoredSession>;
  /** Called once at app launch: finish a login the platform started (H5: the OAuth `code` in the URL). */
  completePendingLogin(): Promise<void>;
};

export { platformLogin } from './login.weapp';
