/**
 * THE API client of the resident app: the shared typed client (types/src/client) over Taro's request
 * and uploadFile, with the session in platform storage and the platform's silent login. Pages call
 * `api.call('<operationId>', { params, query, body })` and `api.upload('uploadPhoto', { file })`.
 */
import { createApiClient, defaultErrorMessages, type ApiClient } from '@portal/types/src/client';
import { apiBaseUrl } from './config';
import { platformLogin } from './login';
import { sessionStore } from './session';
import { taroTransport, taroUpload } from './transport';

export type ResidentApi = ApiClient<'resident', string>;

export const api: ResidentApi = createApiClient({
  audience: 'resident',
  baseUrl: apiBaseUrl(),
  transport: taroTransport,
  upload: taroUpload,
  sessions: sessionStore,
  login: () => platformLogin.login(api),
  messages: {
    byStatus: {
      ...defaultErrorMessages.byStatus,
      401: '登录已过期,请重新进入',
      413: '内容过大,请换一张较小的图片',
      502: '微信服务繁忙,请稍后再试',
    },
  },
});

/** At launch: finish a login the platform started (H5: the OAuth `code` in the URL). */
export const completePendingLogin = (): Promise<void> => platformLogin.completePendingLogin(api);

export { ApiError } from '@portal/types/src/client';
export { errorMessage } from './errors';
