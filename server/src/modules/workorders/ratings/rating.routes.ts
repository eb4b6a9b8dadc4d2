/** Ratings and the 回访 (follow-up) tasks a poor rating opens. */
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { completeFollowUp, listFollowUps } from './followUp.service';
import { rate } from './rating.service';

export const ratingRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/work-orders/:orderNo/rating',
      {
        operationId: 'rateWorkOrder',
        summary: '评价服务',
        description:
          '1–5 stars with tags and a comment, once per completion. 2 stars or less opens a 回访 task and reopens the order.',
        tags: ['workorders'],
        access: access.resident,
        params: T.OrderNoParams,
        body: T.RateBody,
        response: T.WorkOrderView,
        errors: { 404: '工单不存在', 409: '当前不能评价' },
      },
      ({ auth, params, body }) => rate(deps, auth, params.orderNo, body),
    );
    r.get(
      '/api/follow-ups',
      {
        operationId: 'listFollowUps',
        summary: '回访任务',
        tags: ['workorders'],
        access: access.staff('agent', 'supervisor', 'admin'),
        query: T.ListFollowUpsQuery,
        response: T.FollowUpList,
      },
      ({ auth, query }) => listFollowUps(auth as StaffAuth, query.status),
    );
    r.post(
      '/api/follow-ups/:id/complete',
      {
        operationId: 'completeFollowUp',
        summary: '完成回访',
        description:
          "Records the call: reached (with the resident's 1–5 score), not reached or refused. A score at or below FOLLOW_UP_REOPEN_MAX_SCORE reopens the order with a timeline entry.",
        tags: ['workorders'],
        access: access.staff('agent', 'supervisor', 'admin'),
        params: T.TaskIdParams,
        body: T.CompleteFollowUpBody,
        response: T.FollowUpTask,
        errors: { 404: '回访任务不存在或已完成', 409: '工单状态已变化,请刷新' },
      },
      ({ auth, params, body, ctx }) =>
        completeFollowUp(deps, auth as StaffAuth, params.id, body, ctx.state.requestId),
    );
  });
