/** 消息模板 admin endpoints: each event's WeChat templates and keyword mappings; admins set them. */
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
        summary: '消息模板(各事件的订阅消息/模板消息及关键词映射)',
        tags: ['messaging'],
        access: access.staff('admin'),
        response: T.MessageTemplateList,
      },
      () => service.list(),
    );
    r.get(
      '/api/staff/message-templates/wechat',
      {
        operationId: 'listWechatTemplates',
        summary: '微信账号中已选用的模板及其关键词(小程序订阅消息、公众号模板消息)',
        tags: ['messaging'],
        access: access.staff('admin'),
        response: T.WechatTemplateList,
        errors: { 502: '微信服务不可用' },
      },
      () => service.wechatTemplates(),
    );
    r.put(
      '/api/staff/message-templates/:event',
      {
        operationId: 'updateMessageTemplate',
        summary: '设置事件的微信模板与关键词映射(按模板关键词的类型与长度规则检查;null 恢复配置值)',
        tags: ['messaging'],
        access: access.staff('admin'),
        params: T.MessageTemplateParams,
        body: T.UpdateMessageTemplateBody,
        response: T.MessageTemplate,
        errors: { 400: '映射不符合模板关键词的规则', 502: '微信服务不可用' },
      },
      ({ auth, params, body, ctx }) => service.update(auth, params.event, body, ctx.state.requestId),
    );
  });
