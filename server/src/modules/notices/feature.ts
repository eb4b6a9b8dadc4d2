/** Outage notices (停气/停水/停热): targeting, notice-period rules, scheduled publish, fan-out, delivery report. */
import type { Feature } from '../../platform/feature';
import { fanOutPush } from './fanout.job';
import { noticeRoutes } from './notices.routes';
import { createNotices, NOTICE_FANOUT, NOTICE_PUBLISH } from './notices.service';
import { NOTICE_REPAIR_PUSHES, REPAIR_PUSHES_EVERY_MS, repairUnqueuedPushes } from './pushQueue';

export const noticesFeature: Feature = {
  name: 'notices',
  routes: noticeRoutes,
  jobs: (deps) => {
    const notices = createNotices(deps);
    return {
      [NOTICE_FANOUT]: (p, ctx) => fanOutPush(String(p.noticeId), Number(p.seq), ctx),
      [NOTICE_PUBLISH]: (p) => notices.publishScheduled(String(p.noticeId), String(p.publishAt)),
      [NOTICE_REPAIR_PUSHES]: () => repairUnqueuedPushes(),
    };
  },
  schedules: () => ({ [NOTICE_REPAIR_PUSHES]: REPAIR_PUSHES_EVERY_MS }),
};
