/**
 * THE HTTP client of the resident app (one per app): typed calls, bearer session, silent re-login on
 * 401, errors as ApiError with plain Chinese messages. Feature calls live in services/endpoints.ts.
 */
import type { AnySession } from '@portal/types';
import { createApiClient } from './client';
import { apiBaseUrl } from './config';
import { platformLogin } from './login';
import { sessionStore, toStoredSession } from './session';
import { taroTransport } from './transport';

export const api = createApiClient({
  baseUrl: apiBaseUrl(),
  transport: taroTransport,
  sessions: sessionStore,
  login: () => platformLogin.login(),
  async refresh(refreshToken) {
    const res = await taroTransport({
      url: `${apiBaseUrl()}/api/auth/refresh`,
      method: 'POST',
      data: { refreshToken },
      header: { 'Content-Type': 'application/json' },
      timeout: 15_000,
    });
    return res.statusCode === 200 ? toStoredSession(res.data as AnySession) : undefined;
  },
});

export { ApiError, errorMessage } from './errors';
