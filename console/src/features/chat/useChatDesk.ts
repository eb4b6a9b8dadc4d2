/** The desk's live state: socket status and messages per session arriving over /ws. */
import { useEffect, useRef, useState } from 'react';
import { connectChat, type ChatEvent, type ChatSocket, type SocketStatus } from './chatSocket';
import type { ChatMessage } from './types';

export function useChatDesk(token: string | undefined, onSessionsChanged: () => void) {
  const [status, setStatus] = useState<SocketStatus>('closed');
  const [live, setLive] = useState<Record<string, ChatMessage[]>>({});
  const socket = useRef<ChatSocket>();
  const changed = useRef(onSessionsChanged);
  changed.current = onSessionsChanged;

  useEffect(() => {
    if (!token) return;
    const s = connectChat({
      token,
      onStatus: setStatus,
      onEvent: (e: ChatEvent) => {
        const m = (e.message ?? e) as ChatMessage;
        if (e.type.startsWith('message') && m.sessionId) {
          setLive((prev) => ({ ...prev, [m.sessionId!]: [...(prev[m.sessionId!] ?? []), m] }));
        } else if (e.type.startsWith('session') || e.type.startsWith('queue')) {
          changed.current();
        }
      },
    });
    socket.current = s;
    return () => s.close();
  }, [token]);

  const send = (e: ChatEvent) => socket.current?.send(e) ?? false;
  return { status, live, send };
}
