/**
 * Who may see and act on a conversation. A resident reaches only their own sessions (anyone else's is
 * "not found"); chat staff (agent, supervisor, admin) read any, the online desk being city-wide by its
 * area policy (platform/auth/areaScope.ts 'chat'); only the assigned agent writes.
 */
import type { StaffRole } from '@portal/types';
import type { Auth } from '../../platform/auth/auth';
import { areaScope } from '../../platform/auth/areaScope';
import { errors } from '../../platform/http/errors';
import { ChatSessionModel, type ChatSessionDoc } from './chatSession.model';

export const CHAT_STAFF_ROLES = ['agent', 'supervisor', 'admin'] as const satisfies readonly StaffRole[];

export const isChatStaff = (auth: Auth) =>
  auth.kind === 'staff' && auth.roles.some((r) => (CHAT_STAFF_ROLES as readonly StaffRole[]).includes(r));

export const partyOf = (auth: Auth): 'resident' | 'agent' =>
  auth.kind === 'resident' ? 'resident' : 'agent';

export const principalOf = (auth: Auth) =>
  auth.kind === 'resident' ? `user:${auth.userId}` : `staff:${auth.staffId}`;

export async function sessionForRead(auth: Auth, sessionId: string): Promise<ChatSessionDoc> {
  const s = await ChatSessionModel.findById(sessionId).lean<ChatSessionDoc>();
  if (!s) throw errors.chatSessionNotFound();
  if (auth.kind === 'resident') {
    if (s.userId !== auth.userId) throw errors.chatSessionNotFound();
  } else if (!isChatStaff(auth)) throw errors.forbidden();
  else if (!areaScope(auth, 'chat').all) throw errors.chatSessionNotFound();
  return s;
}

export async function sessionForWrite(auth: Auth, sessionId: string): Promise<ChatSessionDoc> {
  const s = await sessionForRead(auth, sessionId);
  if (s.status === 'closed') throw errors.chatSessionClosed();
  if (auth.kind === 'staff' && s.agentId !== auth.staffId) throw errors.chatNotAssigned();
  return s;
}

/** The sockets a session's frames go to: its resident and its agent. */
export const sessionTargets = (s: Pick<ChatSessionDoc, 'userId' | 'agentId'>) =>
  [`user:${s.userId}`, ...(s.agentId ? [`staff:${s.agentId}`] : [])] as const as (
    `user:${string}` | `staff:${string}`
  )[];
