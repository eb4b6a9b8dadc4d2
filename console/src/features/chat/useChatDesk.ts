/** The desk's live state over /ws: connection status, messages per session (merged by seq), session changes. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientFrame } from '@portal/types';
import {
  connectChat,
  mergeMessages,
  resumeAfterSeq,
  type ChatConnection,
  type ChatStatus,
} from '@portal/types/src/client';
import { api } from '../../services/api';
import { session } from '../../services/session';
import { deskSocketUrl, openBrowserSocket } from './chatSocket';
import type { ChatMessage } from './types';

export function useChatDesk(token: string | undefined, onSessionsChanged: () => void) {
  const [status, setStatus] = useState<ChatStatus>('offline');
  const [live, setLive] = useState<Record<string, ChatMessage[]>>({});
  const [lastError, setLastError] = useState<string>();
  const socket = useRef<ChatConnection>();
  const changed = useRef(onSessionsChanged);
  changed.current = onSessionsChanged;
  const held = useRef<Record<string, ChatMessage[]>>({});
  held.current = live;
  const signedIn = Boolean(token);

  useEffect(() => {
    if (!signedIn) return;
    const connection = connectChat({
      url: deskSocketUrl(),
      open: openBrowserSocket,
      // The session's current token: a renewal (here or by an HTTP call) is picked up on the next connect.
      token: () => session.get()?.token,
      onStatus: setStatus,
      onUnauthorized: () => api.renewSession(),
      // After a reconnect: replay what was said meanwhile in the conversations on screen, and refresh the lists.
      onReady: () => {
        changed.current();
        return Object.entries(held.current).map(([sessionId, list]): ClientFrame => ({
          type: 'resume',
          sessionId,
          afterSeq: resumeAfterSeq(list),
        }));
      },
      onFrame: (e) => {
        if (e.type === 'message' || e.type === 'ack') {
          const m = e.message;
          setLive((prev) => ({ ...prev, [m.sessionId]: mergeMessages(prev[m.sessionId] ?? [], [m]) }));
        } else if (e.type === 'session' || e.type === 'resumed') {
          changed.current();
        } else if (e.type === 'error') {
          setLastError(e.message);
        }
      },
    });
    socket.current = connection;
    return () => connection.close();
  }, [signedIn]);

  const send = useCallback((frame: ClientFrame) => socket.current?.send(frame) ?? false, []);
  return { status, live, send, lastError };
}
