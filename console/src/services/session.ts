/** The logged-in staff member, kept in localStorage so a reload stays signed in. */
import type { StaffSession as ServerStaffSession } from '@portal/types';

/** What staffLogin answered (types/src/accounts.ts), as kept between visits. */
export type StaffSession = Pick<ServerStaffSession, 'token' | 'staff'> & { refreshToken?: string };

const KEY = 'portal.console.session';
type Listener = (s: StaffSession | undefined) => void;
const listeners = new Set<Listener>();
let current: StaffSession | undefined = read();

function read(): StaffSession | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return undefined;
    const s = JSON.parse(raw) as StaffSession;
    return typeof s.token === 'string' && Array.isArray(s.staff?.roles) ? s : undefined;
  } catch {
    return undefined;
  }
}

export const session = {
  get: (): StaffSession | undefined => current,
  set(next: StaffSession | undefined) {
    current = next;
    if (next) globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
    else globalThis.localStorage?.removeItem(KEY);
    listeners.forEach((l) => l(next));
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
