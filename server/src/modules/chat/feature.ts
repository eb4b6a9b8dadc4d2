/**
 * Online service chat (在线客服). HTTP routes in chat.routes.ts, the WebSocket at /ws in chat.socket.ts
 * (protocol: README.md).
 */
import type { Feature } from '../../platform/feature';
import { ChatEventModel } from './chatEvent.model';
import { chatRoutes } from './chat.routes';
import { attachChat } from './chat.socket';
import { LEAVE_MESSAGE_JOB } from './message.service';
import { convertLeftMessage } from './ticket.service';

const PRUNE_EVENTS = 'chat.pruneEvents';
/** Events are only for live fan-out; history is in chatMessages. */
const EVENT_RETENTION_MS = 60 * 60_000;

export const chatFeature: Feature = {
  name: 'chat',
  routes: chatRoutes,
  attach: attachChat,
  jobs: (deps) => ({
    [LEAVE_MESSAGE_JOB]: (payload) => convertLeftMessage(deps, String(payload.sessionId)),
    [PRUNE_EVENTS]: async () => {
      const r = await ChatEventModel.deleteMany({
        'route.at': { $lt: new Date(Date.now() - EVENT_RETENTION_MS) },
      });
      return { deleted: r.deletedCount };
    },
  }),
  schedules: () => ({ [PRUNE_EVENTS]: 15 * 60_000 }),
};
