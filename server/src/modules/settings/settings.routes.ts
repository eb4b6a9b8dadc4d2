/**
 * 服务设置 endpoints: the public read the resident apps use at runtime, and the admin's read and save
 * (audited). Company-wide, so there is no area to check.
 */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { auditBy } from '../../platform/audit';
import { access, collectRoutes } from '../../platform/http/route';
import { portalSettings, publicSettings, updatePortalSettings } from './settings.service';

const tags = ['settings'];

export const settingsRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/settings',
      {
        operationId: 'getPublicSettings',
        summary: '服务热线与在线客服时间(居民端运行时读取,无需登录)',
        tags,
        access: access.public,
        response: T.PublicSettings,
      },
      () => publicSettings(deps.config),
    );
    r.get(
      '/api/staff/settings',
      {
        operationId: 'getPortalSettings',
        summary: '服务设置:服务热线、在线客服时间、人工费率',
        tags,
        access: access.staff('admin'),
        response: T.PortalSettings,
      },
      () => portalSettings(deps.config),
    );
    r.put(
      '/api/staff/settings',
      {
        operationId: 'updatePortalSettings',
        summary: '修改服务热线、在线客服时间与人工费率(记入审计日志)',
        tags,
        access: access.staff('admin'),
        body: T.UpdatePortalSettingsBody,
        response: T.PortalSettings,
      },
      ({ body, auth, ctx }) => {
        const at = deps.clock.now();
        return updatePortalSettings(body, deps.config, { ...auditBy(auth, ctx.state.requestId, at), at });
      },
    );
  });
