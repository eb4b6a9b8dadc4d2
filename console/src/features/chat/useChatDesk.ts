/** The desk's live state over /ws: connection status, messages per session (by seq), session changes. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientFrame } from '@portal/types';
import { connectChat, type ChatEvent, type ChatSocket, type SocketStatus } from './chatSocket';
import type { ChatMessage } from './types';

/** Adds a message to a session's list once, keeping seq order. */
export function mergeMessage(list: ChatMessage[], m: ChatMessage): ChatMessage[] {
  if (list.some((x) => x.id === m.id)) return list;
  return [...list, m].sort((a, b) => a.seq - b.seq);
}

export function useChatDesk(token: string | undefined, onSessionsChanged: () => void) {
  const [status, setStatus] = useState<SocketStatus>('closed');
  const [live, setLive] = useState<Record<string, ChatMessage[]>>({});
  const [lastError, setLastError] = useState<string>();
  const socket = useRef<ChatSocket>();
  const changed = useRef(onSessionsChanged);
  changed.current = onSessionsChanged;
  const held = useRef<Record<string, ChatMessage[]>>({});
  held.current = live;

  useEffect(() => {
    if (!token) return;
    const s = connectChat({
      token,
      onStatus: setStatus,
      // After a reconnect: replay what was said meanwhile in the conversations on screen, and refresh the lists.
      onReady: () => {
        for (const [sessionId, list] of Object.entries(held.current)) {
          s.send({ type: 'resume', sessionId, afterSeq: list.at(-1)?.seq ?? 0 });
        }
        changed.current();
      },
      onEvent: (e: ChatEvent) => {
        if (e.type === 'message' || e.type === 'ack') {
          const m = e.message;
          setLive((prev) => ({ ...prev, [m.sessionId]: mergeMessage(prev[m.sessionId] ?? [], m) }));
        } else if (e.type === 'session' || e.type === 'resumed') {
          changed.current();
        } else if (e.type === 'error') {
          setLastError(e.message);
        }
      },
    });
    socket.current = s;
    return () => s.close();
  }, [token]);

  const send = useCallback((frame: ClientFrame) => socket.current?.send(frame) ?? false, []);
  return { status, live, send, lastError };
}
