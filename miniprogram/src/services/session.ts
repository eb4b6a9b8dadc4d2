/** The resident's session (bearer token + refresh token), kept in platform storage. */
import Taro from '@tarojs/taro';
import type { RenewedSession, SessionStore } from '@portal/types/src/client';

const KEY = 'portal.session.v1';

export type StoredSession = { token: string; refreshToken?: string; expiresAt?: number };

/** A server session answer (ResidentSession, refreshSession's) → what we store. */
export function toStoredSession(s: RenewedSession, now = Date.now()): StoredSession {
  return {
    token: s.token,
    refreshToken: s.refreshToken,
    expiresAt: s.expiresIn ? now + s.expiresIn * 1000 : undefined,
  };
}

export const sessionStore: SessionStore & { get(): StoredSession | undefined } = {
  get() {
    try {
      const value = Taro.getStorageSync(KEY) as StoredSession | '' | undefined;
      return value && typeof value === 'object' && typeof value.token === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  },
  save(session) {
    Taro.setStorageSync(KEY, toStoredSession(session));
  },
  clear() {
    Taro.removeStorageSync(KEY);
  },
};
