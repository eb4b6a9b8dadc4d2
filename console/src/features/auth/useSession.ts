import { useSyncExternalStore } from 'react';
import { session, type StaffSession } from '../../services/session';

/** The signed-in staff member; re-renders when they log in or out (or a 401 ends the session). */
export function useSession(): StaffSession | undefined {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}
