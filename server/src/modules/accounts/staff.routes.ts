/** Staff endpoints: console login, who am I, staff management (admin), audit log. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { actorOf } from '../../platform/audit';
import { access, collectRoutes } from '../../platform/http/route';
import { listAuditLog } from './auditLog.service';
import { createStaff, getStaffMe, listStaff, staffLogin, updateStaff } from './staff.service';

const tags = ['staff'];

export const staffRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/staff/login',
      {
        operationId: 'staffLogin',
        summary: '员工登录',
        tags,
        access: access.public,
        body: T.StaffLoginBody,
        response: T.StaffSession,
        errors: { 429: '登录失败次数过多,账号临时锁定' },
      },
      ({ body, ctx }) => staffLogin(deps, body, ctx.state.requestId, ctx.ip),
    );
    r.get(
      '/api/staff/me',
      {
        operationId: 'getStaffMe',
        summary: '当前员工',
        tags,
        // Every staff member may read their own profile.
        access: access.staff(),
        response: T.StaffMember,
      },
      ({ auth }) => getStaffMe((auth as StaffAuth).staffId),
    );
    r.get(
      '/api/staff/users',
      {
        operationId: 'listStaff',
        summary: '员工列表',
        tags,
        // Agents pick a colleague to transfer a chat to.
        access: access.staff('admin', 'supervisor', 'dispatcher', 'manager', 'agent'),
        query: T.StaffListQuery,
        response: T.StaffMemberList,
      },
      ({ query }) => listStaff(query),
    );
    r.post(
      '/api/staff/users',
      {
        operationId: 'createStaff',
        summary: '新建员工',
        tags,
        access: access.staff('admin'),
        body: T.CreateStaffBody,
        response: T.StaffMember,
        status: 201,
        errors: { 409: '用户名已存在' },
      },
      ({ body, auth, ctx }) => createStaff(actorOf(auth), body, ctx.state.requestId),
    );
    r.patch(
      '/api/staff/users/:staffId',
      {
        operationId: 'updateStaff',
        summary: '修改员工(角色、片区、技能、停用、重置密码)',
        tags,
        access: access.staff('admin'),
        params: T.StaffIdParams,
        body: T.UpdateStaffBody,
        response: T.StaffMember,
        errors: { 404: '员工不存在', 422: '不能停用自己' },
      },
      ({ body, params, auth, ctx }) =>
        updateStaff(deps, actorOf(auth), params.staffId, body, ctx.state.requestId),
    );
    r.get(
      '/api/staff/audit',
      {
        operationId: 'listAuditLog',
        summary: '审计日志',
        tags,
        access: access.staff('admin', 'supervisor'),
        query: T.AuditQuery,
        response: T.AuditPage,
      },
      ({ query }) => listAuditLog(deps, query),
    );
  });
