/** 消息模板 admin endpoints: each event's WeChat template ids and field mapping; admins set the ids. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { templateSettings } from './templateSettings.service';

export const templateRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    const service = templateSettings(deps);
    r.get(
      '/api/staff/message-templates',
      {
        operationId: 'listMessageTemplates',
        summary: '消息模板(各事件的订阅消息/模板消息ID与字段映射)',
        tags: ['messaging'],
        access: access.staff('admin'),
        response: T.MessageTemplateList,
      },
      () => service.list(),
    );
    r.put(
      '/api/staff/message-templates/:event',
      {
        operationId: 'updateMessageTemplate',
        summary: '设置事件的微信模板ID(覆盖配置 WECHAT_TEMPLATE_IDS;null 恢复配置值)',
        tags: ['messaging'],
        access: access.staff('admin'),
        params: T.MessageTemplateParams,
        body: T.UpdateMessageTemplateBody,
        response: T.MessageTemplate,
      },
      ({ auth, params, body, ctx }) => service.update(auth, params.event, body, ctx.state.requestId),
    );
  });
