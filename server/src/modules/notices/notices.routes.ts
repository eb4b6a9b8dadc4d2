import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { actorOf, audit } from '../../platform/audit';
import type { Auth, StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { deliveryReport, deliveryRows } from './delivery';
import { createNotices } from './notices.service';

const TAGS = ['notices'];
const OPERATORS = access.staff('operator', 'admin');

export const noticeRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    const notices = createNotices(deps);
    /** Runs an operator's change to a notice and records it in the audit log (before/after: the staff view). */
    const audited = async (
      a: { auth: Auth; ctx: { state: { requestId?: string } } },
      action: string | ((after: T.StaffNotice) => string),
      id: string | undefined,
      change: () => Promise<T.StaffNotice>,
    ): Promise<T.StaffNotice> => {
      const before = id ? await notices.getForStaff(id) : null;
      const after = await change();
      const name = typeof action === 'string' ? action : action(after);
      await audit.record({
        actor: actorOf(a.auth),
        action: name,
        target: { kind: 'notice', id: after.id },
        before,
        after,
        requestId: a.ctx.state.requestId,
      });
      return after;
    };

    r.get(
      '/api/notices',
      {
        operationId: 'listNotices',
        summary: '停气/停水/停热通知列表',
        tags: TAGS,
        access: access.public,
        description: '公开列表;居民登录后标出影响我的户号的通知(mine=true 只看这些)。',
        query: T.ListNoticesQuery,
        response: T.NoticeList,
      },
      ({ query, auth }) => notices.list(auth, query),
    );

    r.get(
      '/api/notices/:id',
      {
        operationId: 'getNotice',
        summary: '通知详情',
        tags: TAGS,
        access: access.public,
        params: T.NoticeParams,
        response: T.Notice,
        errors: { 404: '通知不存在' },
      },
      ({ params, auth }) => notices.get(auth, params.id),
    );

    r.post(
      '/api/notices/:id/read',
      {
        operationId: 'markNoticeRead',
        summary: '已读(计入送达报告)',
        tags: TAGS,
        access: access.resident,
        params: T.NoticeParams,
        response: T.Ok,
        errors: { 404: '通知不存在' },
      },
      ({ params, auth }) => notices.markRead(auth.userId, params.id),
    );

    r.get(
      '/api/staff/notices',
      {
        operationId: 'listStaffNotices',
        summary: '通知管理列表',
        tags: TAGS,
        access: access.staff('operator', 'admin', 'manager', 'supervisor'),
        query: T.ListNoticesQuery,
        response: T.StaffNoticeList,
      },
      ({ query }) => notices.listForStaff(query),
    );

    r.post(
      '/api/staff/notices',
      {
        operationId: 'createNotice',
        summary: '起草通知',
        tags: TAGS,
        access: OPERATORS,
        body: T.CreateNoticeBody,
        response: T.StaffNotice,
        status: 201,
      },
      (a) => audited(a, 'notice.create', undefined, () => notices.create(a.auth as StaffAuth, a.body)),
    );

    r.post(
      '/api/staff/notices/preview',
      {
        operationId: 'previewNoticeAudience',
        summary: '预览影响户数与可触达用户数',
        tags: TAGS,
        access: OPERATORS,
        body: T.PreviewNoticeBody,
        response: T.NoticeAudience,
      },
      ({ body }) => notices.preview(body.target),
    );

    r.get(
      '/api/staff/notices/:id',
      {
        operationId: 'getStaffNotice',
        summary: '通知(管理)',
        tags: TAGS,
        access: access.staff('operator', 'admin', 'manager', 'supervisor'),
        params: T.NoticeParams,
        response: T.StaffNotice,
        errors: { 404: '通知不存在' },
      },
      ({ params }) => notices.getForStaff(params.id),
    );

    r.patch(
      '/api/staff/notices/:id',
      {
        operationId: 'updateNotice',
        summary: '修改或延期通知(已发布的改时间或文字,会把变更告知已通知的居民一次)',
        tags: TAGS,
        access: OPERATORS,
        params: T.NoticeParams,
        body: T.UpdateNoticeBody,
        response: T.StaffNotice,
        errors: { 404: '通知不存在', 409: '状态不允许' },
      },
      (a) =>
        audited(a, 'notice.update', a.params.id, () =>
          notices.update(a.auth as StaffAuth, a.params.id, a.body),
        ),
    );

    r.get(
      '/api/staff/notices/:id/audience',
      {
        operationId: 'getNoticeAudience',
        summary: '通知的影响户数与可触达用户数',
        tags: TAGS,
        access: OPERATORS,
        params: T.NoticeParams,
        response: T.NoticeAudience,
        errors: { 404: '通知不存在' },
      },
      ({ params }) => notices.audienceOf(params.id),
    );

    r.post(
      '/api/staff/notices/:id/publish',
      {
        operationId: 'publishNotice',
        summary: '发布(或定时发布)通知',
        tags: TAGS,
        access: OPERATORS,
        params: T.NoticeParams,
        body: T.PublishNoticeBody,
        response: T.StaffNotice,
        errors: { 404: '通知不存在', 409: '已发布', 422: '未满足提前通知时限' },
      },
      (a) =>
        audited(
          a,
          (n) => (n.status === 'scheduled' ? 'notice.schedule' : 'notice.publish'),
          a.params.id,
          () => notices.publish(a.params.id, a.body),
        ),
    );

    r.post(
      '/api/staff/notices/:id/restore',
      {
        operationId: 'restoreNotice',
        summary: '恢复供应并通知同一批用户',
        tags: TAGS,
        access: OPERATORS,
        params: T.NoticeParams,
        body: T.RestoreNoticeBody,
        response: T.StaffNotice,
        errors: { 404: '通知不存在', 409: '状态不允许' },
      },
      (a) => audited(a, 'notice.restore', a.params.id, () => notices.restore(a.params.id, a.body)),
    );

    r.post(
      '/api/staff/notices/:id/cancel',
      {
        operationId: 'cancelNotice',
        summary: '撤销通知(停止未发送的推送)',
        tags: TAGS,
        access: OPERATORS,
        params: T.NoticeParams,
        response: T.StaffNotice,
        errors: { 404: '通知不存在', 409: '状态不允许' },
      },
      (a) => audited(a, 'notice.cancel', a.params.id, () => notices.cancel(a.params.id)),
    );

    r.get(
      '/api/staff/notices/:id/delivery',
      {
        operationId: 'getNoticeDelivery',
        summary: '送达报告',
        tags: TAGS,
        access: access.staff('operator', 'admin', 'manager', 'supervisor'),
        params: T.NoticeParams,
        response: T.NoticeDelivery,
        errors: { 404: '通知不存在' },
      },
      async ({ params }) => deliveryReport(deps.config, await notices.load(params.id)),
    );

    r.get(
      '/api/staff/notices/:id/deliveries',
      {
        operationId: 'listNoticeDeliveries',
        summary: '送达明细(每位居民的送达渠道与未用渠道原因)',
        tags: TAGS,
        access: access.staff('operator', 'admin', 'manager', 'supervisor'),
        params: T.NoticeParams,
        query: T.NoticeDeliveryRowsQuery,
        response: T.NoticeDeliveryRows,
        errors: { 404: '通知不存在' },
      },
      async ({ params, query }) => deliveryRows(await notices.load(params.id), query),
    );
  });
