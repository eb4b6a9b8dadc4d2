/**
 * Information pages: residents (and anyone, signed in or not) read the open service halls and the
 * published guides; admins manage both from the console (信息发布). Prices come from listTariffs.
 */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { auditBy } from '../../platform/audit';
import { access, collectRoutes } from '../../platform/http/route';
import {
  createServiceHall,
  deleteServiceHall,
  listAllServiceHalls,
  listOpenServiceHalls,
  updateServiceHall,
} from './serviceHalls.service';
import {
  createGuide,
  deleteGuide,
  listAllGuides,
  listPublishedGuides,
  updateGuide,
} from './serviceGuides.service';

const tags = ['info'];
const ADMIN = access.staff('admin');

export const serviceInfoRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    // ---- residents ----
    r.get(
      '/api/service-halls',
      {
        operationId: 'listServiceHalls',
        summary: '营业网点(地址、营业时间、距离)',
        description:
          '只列出营业中的网点;带上居民授权的位置(GCJ-02 lat/lng)时按距离由近到远排列并给出距离(米)。',
        tags,
        access: access.public,
        query: T.ListServiceHallsQuery,
        response: T.ServiceHallList,
      },
      ({ query }) => listOpenServiceHalls(query),
    );
    r.get(
      '/api/service-guides',
      {
        operationId: 'listServiceGuides',
        summary: '业务指南(开户须知、读表方法、安全提示)',
        tags,
        access: access.public,
        response: T.ServiceGuideList,
      },
      () => listPublishedGuides(),
    );

    // ---- staff: 营业网点 ----
    r.get(
      '/api/staff/service-halls',
      {
        operationId: 'listAllServiceHalls',
        summary: '营业网点管理:全部网点(含暂停营业)',
        tags,
        access: ADMIN,
        response: T.ServiceHallList,
      },
      () => listAllServiceHalls(),
    );
    r.post(
      '/api/staff/service-halls',
      {
        operationId: 'createServiceHall',
        summary: '新增营业网点',
        tags,
        access: ADMIN,
        status: 201,
        body: T.ServiceHallInput,
        response: T.ServiceHall,
      },
      ({ body, auth, ctx }) => createServiceHall(body, auditBy(auth, ctx.state.requestId, deps.clock.now())),
    );
    r.put(
      '/api/staff/service-halls/:hallId',
      {
        operationId: 'updateServiceHall',
        summary: '修改营业网点(整条替换)',
        tags,
        access: ADMIN,
        params: T.ServiceHallParams,
        body: T.ServiceHallInput,
        response: T.ServiceHall,
        errors: { 404: '营业网点不存在' },
      },
      ({ params, body, auth, ctx }) =>
        updateServiceHall(params.hallId, body, auditBy(auth, ctx.state.requestId, deps.clock.now())),
    );
    r.delete(
      '/api/staff/service-halls/:hallId',
      {
        operationId: 'deleteServiceHall',
        summary: '删除营业网点',
        tags,
        access: ADMIN,
        params: T.ServiceHallParams,
        response: T.Ok,
        errors: { 404: '营业网点不存在' },
      },
      ({ params, auth, ctx }) =>
        deleteServiceHall(params.hallId, auditBy(auth, ctx.state.requestId, deps.clock.now())),
    );

    // ---- staff: 业务指南 ----
    r.get(
      '/api/staff/service-guides',
      {
        operationId: 'listAllServiceGuides',
        summary: '业务指南管理:全部指南(含未发布)',
        tags,
        access: ADMIN,
        response: T.ServiceGuideList,
      },
      () => listAllGuides(),
    );
    r.post(
      '/api/staff/service-guides',
      {
        operationId: 'createServiceGuide',
        summary: '新增业务指南',
        tags,
        access: ADMIN,
        status: 201,
        body: T.ServiceGuideInput,
        response: T.ServiceGuide,
      },
      ({ body, auth, ctx }) => createGuide(body, auditBy(auth, ctx.state.requestId, deps.clock.now())),
    );
    r.put(
      '/api/staff/service-guides/:guideId',
      {
        operationId: 'updateServiceGuide',
        summary: '修改业务指南(整条替换)',
        tags,
        access: ADMIN,
        params: T.ServiceGuideParams,
        body: T.ServiceGuideInput,
        response: T.ServiceGuide,
        errors: { 404: '业务指南不存在' },
      },
      ({ params, body, auth, ctx }) =>
        updateGuide(params.guideId, body, auditBy(auth, ctx.state.requestId, deps.clock.now())),
    );
    r.delete(
      '/api/staff/service-guides/:guideId',
      {
        operationId: 'deleteServiceGuide',
        summary: '删除业务指南',
        tags,
        access: ADMIN,
        params: T.ServiceGuideParams,
        response: T.Ok,
        errors: { 404: '业务指南不存在' },
      },
      ({ params, auth, ctx }) =>
        deleteGuide(params.guideId, auditBy(auth, ctx.state.requestId, deps.clock.now())),
    );
  });
