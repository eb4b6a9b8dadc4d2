import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { messengerFor } from './sendMessage.job';

export const messagingRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    const { grants } = messengerFor(deps);

    r.post(
      '/api/subscriptions',
      {
        operationId: 'reportSubscriptions',
        summary: '上报订阅消息授权结果',
        description: 'wx.requestSubscribeMessage 的结果:每个 accept 记一次可发送额度,发送时消耗一次。',
        tags: ['messaging'],
        access: access.resident,
        body: T.ReportSubscriptionsBody,
        response: T.MySubscriptions,
      },
      ({ body, auth }) => grants.report(auth.userId, body),
    );

    r.get(
      '/api/subscriptions',
      {
        operationId: 'getMySubscriptions',
        summary: '我的订阅消息额度与各场景模板',
        tags: ['messaging'],
        access: access.resident,
        response: T.MySubscriptions,
      },
      ({ auth }) => grants.mine(auth.userId),
    );
  });
