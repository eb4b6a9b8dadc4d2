/** The resident's session (bearer token + refresh token), kept in platform storage. */
import Taro from '@tarojs/taro';
import type { SessionStore, StoredSession } from './client';

const KEY = 'portal.session.v1';

export const sessionStore: SessionStore = {
  get() {
    try {
      const value = Taro.getStorageSync(KEY) as StoredSession | '' | undefined;
      return value && typeof value === 'object' && typeof value.token === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  },
  set(session) {
    Taro.setStorageSync(KEY, session);
  },
  clear() {
    Taro.removeStorageSync(KEY);
  },
};

/** A server session answer (ResidentSession / AnySession) → what we store. */
export function toStoredSession(s: { token: string; refreshToken?: string; expiresIn?: number }, now = Date.now()): StoredSession {
  return {
    token: s.token,
    refreshToken: s.refreshToken,
    expiresAt: s.expiresIn ? now + s.expiresIn * 1000 : undefined,
  };
}
