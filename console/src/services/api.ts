/**
 * The console's one API client: the shared typed client (types/src/client) over fetch and
 * XMLHttpRequest, with the staff session from session.ts. Screens call `call('<operationId>', { params,
 * query, body })`: a misspelled operationId, a resident-only operation or a wrong body does not compile,
 * and the answer is typed. A 401 renews the session once with the refresh token; when that is refused
 * the session ends and the app goes back to the login page.
 */
import type { StaffLoginBody } from '@portal/types';
import {
  createApiClient,
  type ApiClient,
  type CallArgs,
  type OperationFor,
  type RawOperationId,
  type UploadOperationId,
} from '@portal/types/src/client';
import { staffErrorMessages } from './apiError';
import { session, type StaffSession } from './session';
import { fetchTransport, xhrUpload } from './transport';

export type StaffApi = ApiClient<'staff', Blob>;
/** Operations a staff screen may call. */
export type StaffOperationId = Exclude<OperationFor<'staff'>, UploadOperationId>;

export const api: StaffApi = createApiClient({
  audience: 'staff',
  transport: fetchTransport,
  upload: xhrUpload,
  sessions: {
    get: () => session.get(),
    save(renewed) {
      const current = session.get();
      if (current)
        session.set({
          ...current,
          token: renewed.token,
          refreshToken: renewed.refreshToken ?? current.refreshToken,
        });
    },
    clear: () => session.set(undefined),
  },
  messages: staffErrorMessages,
});

export const call = api.call;
export const upload = api.upload;

/** Downloads a file an operation answers (error reports, exports) under the given name. */
export async function download<K extends Extract<RawOperationId, StaffOperationId>>(
  operationId: K,
  fileName: string,
  ...args: CallArgs<K>
): Promise<void> {
  const body: unknown = await api.call(operationId, ...args);
  const blob =
    body instanceof Blob ? body : new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export async function staffLogin(body: StaffLoginBody): Promise<StaffSession> {
  const result = await api.call('staffLogin', { body });
  session.set(result);
  return result;
}

/**
 * Reads the signed-in member's current profile (getStaffMe) into the session, so roles and areas an admin
 * changed show in the menu without logging in again.
 */
export async function refreshProfile(): Promise<void> {
  const me = await api.call('getStaffMe');
  const current = session.get();
  if (!current) return;
  const { id, username, name, roles, areas, skills } = me;
  session.set({ ...current, staff: { id, username, name, roles, areas, skills } });
}

export function logout(): void {
  api.logout();
}

export type { Paged, QueryValue } from '@portal/types/src/client';
