/** 注销: a resident deletes their own account. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { deleteMyAccount } from './deletion.service';

export const privacyRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.delete(
      '/api/me',
      {
        operationId: 'deleteMyAccount',
        summary: '注销账号(删除绑定、微信身份和个人信息;缴费记录依法保留但不再关联本人)',
        tags: ['accounts'],
        access: access.resident,
        response: T.AccountDeletion,
      },
      ({ auth, ctx }) => deleteMyAccount(deps, auth.userId, ctx.state.requestId),
    );
  });
