/** The official account's push endpoint (public, signed by WeChat) and the resident's own phone number. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { access, collectRoutes } from '../../platform/http/route';
import { residentPhone } from '../accounts';
import { handlePush, isPushSignatureError, verifyPushSignature } from './oaPush.service';
import { capturePhone, removePhone } from './phone.service';

const PUSH_PATH = '/api/wechat/oa/push';
const badSignature = errors.oaPushBadSignature;

export const residentContactRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    const verify = (q: T.OaPushQuery) => {
      try {
        verifyPushSignature(deps.config, q);
      } catch (e) {
        throw isPushSignatureError(e) ? badSignature() : e;
      }
    };

    r.get(
      PUSH_PATH,
      {
        operationId: 'verifyOfficialAccountServer',
        summary: '公众号服务器配置校验(echostr)',
        description:
          '在公众号后台“服务器配置”保存 URL 与 Token 时,微信以 GET 携带 signature、timestamp、nonce、echostr 调用;签名正确则原样返回 echostr。',
        tags: ['officialAccount'],
        access: access.public,
        query: T.OaPushQuery,
        raw: { contentType: 'text/plain', description: 'echostr 原文' },
        errors: { 401: '签名无效' },
      },
      ({ query, ctx }) => {
        verify(query);
        ctx.type = 'text/plain';
        ctx.body = query.echostr ?? '';
      },
    );

    r.post(
      PUSH_PATH,
      {
        operationId: 'officialAccountPush',
        summary: '公众号消息推送(关注/取消关注事件)',
        description:
          '微信推送的 XML(明文或兼容模式),签名同上。关注与取消关注按 CreateTime 幂等更新居民的公众号关注状态;其他消息回复 success。',
        tags: ['officialAccount'],
        access: access.public,
        query: T.OaPushQuery,
        raw: { contentType: 'text/plain', description: 'success' },
        errors: { 401: '签名无效' },
      },
      async ({ query, ctx }) => {
        verify(query);
        const raw = (ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
        await handlePush(raw);
        ctx.type = 'text/plain';
        ctx.body = 'success';
      },
    );

    r.post(
      '/api/me/phone',
      {
        operationId: 'captureMyPhone',
        summary: '授权手机号(小程序 getPhoneNumber)',
        description:
          '居民点击“授权手机号”同意后,小程序把 e.detail.code 交给服务端换取手机号;微信消息都无法送达时短信发到这里。',
        tags: ['accounts'],
        access: access.resident,
        body: T.CapturePhoneBody,
        response: T.MyPhone,
        errors: { 422: '非中国大陆手机号', 503: '微信暂不可用' },
      },
      ({ auth, body }) => capturePhone(deps, auth.userId, body.code),
    );

    r.get(
      '/api/me/phone',
      {
        operationId: 'getMyPhone',
        summary: '我的短信接收号码',
        tags: ['accounts'],
        access: access.resident,
        response: T.MyPhone,
      },
      ({ auth }) => residentPhone(auth.userId),
    );

    r.delete(
      '/api/me/phone',
      {
        operationId: 'removeMyPhone',
        summary: '撤回手机号授权',
        tags: ['accounts'],
        access: access.resident,
        response: T.MyPhone,
      },
      ({ auth }) => removePhone(auth.userId),
    );
  });
