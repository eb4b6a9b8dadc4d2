/**
 * Chat (issue 8): resident and agent WebSocket clients on one portal process; agents echo every
 * resident message; round trip = resident send → echo received (runChatLoad, server/test/chat/load.ts).
 * Goal: 2,000 residents + 200 agents, p99 < 100 ms.
 */
import { cpuMetrics, need, roundTripMetric, roundTrips, startPortal, type Scenario } from '../lib';

type ChatLoad = typeof import('../../server/test/chat/load');

export const chat: Scenario = {
  name: 'chat',
  summary: 'chat round trip p50/p99 with N residents + M agents (goal 2,000 + 200, p99 < 100 ms)',
  async run(ctx) {
    const runChatLoad = await need<ChatLoad['runChatLoad']>(
      () => import('../../server/test/chat/load'),
      'runChatLoad',
      'server/test/chat/load.ts',
    );
    const residents = ctx.quick ? 100 : 2_000;
    const agents = ctx.quick ? 10 : 200;
    const rounds = ctx.quick ? 3 : 5;
    const t = await startPortal('chat', { CHAT_SERVICE_HOURS: '00:00-24:00' });
    try {
      ctx.log(`chat: connecting ${residents} residents and ${agents} agents`);
      const trips = roundTrips();
      const r = await runChatLoad({ url: t.url, deps: t.deps, residents, agents, rounds, thinkMs: 200 });
      const atGoal = residents >= 2_000 && agents >= 200;
      return {
        volume: { residents, agents, rounds, messages: r.messages },
        notes: atGoal
          ? []
          : [
              `volume ${residents} residents + ${agents} agents (< 2,000 + 200 goal volume): pass/miss is indicative only`,
            ],
        metrics: [
          { name: 'round trip p50', value: r.roundTripMs.p50, unit: 'ms' },
          {
            name: 'round trip p99',
            value: r.roundTripMs.p99,
            unit: 'ms',
            // Issue 19: < 100 ms at the goal volume (on mongod), < 500 ms at the quick volume.
            goal: atGoal ? '< 100 ms' : '< 500 ms (quick volume)',
            pass: r.roundTripMs.p99 < (atGoal ? 100 : 500),
          },
          { name: 'ack p99', value: r.ackMs.p99, unit: 'ms' },
          {
            name: 'lost + duplicated',
            value: r.lost + r.duplicated,
            unit: 'messages',
            goal: '0',
            pass: r.lost + r.duplicated === 0,
          },
          { name: 'setup', value: r.setupMs, unit: 'ms' },
          roundTripMetric(trips.per(r.messages), 'message (setup included)'),
          ...cpuMetrics(trips.cpu(r.messages), 'message (setup included)'),
        ],
      };
    } finally {
      await t.close();
    }
  },
};
