/**
 * Tencent Cloud SMS (sms.tencentcloudapi.com, API 2021-01-11) as the sandbox plays it, for the portal's real SDK
 * client: every request must carry a valid TC3-HMAC-SHA256 signature (recomputed here from the exact bytes, the
 * Host and Content-Type headers and the credential scope) within 5 minutes of the wall clock the SDK signs with;
 * SendSms checks the application, the signature (签名) and the template registered for it, the parameter count and
 * length, and the phone numbers; PullSmsSendStatusByPhoneNumber reports what was sent (with SessionContext).
 * Errors answer as Tencent does: HTTP 200 with {Response: {Error: {Code, Message}, RequestId}}.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import { randomId, sleep, type SandboxCtx, type LooseBody } from './http';
import type { SandboxState } from './state';

export type SandboxSms = {
  serialNo: string;
  /** 11 digits, without +86. */
  phone: string;
  templateId: string;
  signName: string;
  params: string[];
  /** What the phone shows: 【signature】 and the template text with its parameters. */
  text: string;
  sessionContext: string;
  sentAt: string;
};

export type SmsSandboxState = {
  /** The CAM key pair and SdkAppId the portal is given (portalEnv). */
  credentials: { secretId: string; secretKey: string; sdkAppId: string };
  /** Approved signatures and templates (what a utility registers in Tencent's console). */
  signs: Set<string>;
  templates: Map<string, { templateId: string; text: string }>;
  /** Numbers that refuse SMS (FailedOperation.PhoneNumberInBlacklist). */
  blacklist: Set<string>;
  sent: SandboxSms[];
};

export function createSmsState(): SmsSandboxState {
  return {
    credentials: {
      secretId: `AKID${randomId(32)}`,
      secretKey: randomId(32),
      sdkAppId: `1400${String(Date.now()).slice(-6)}`,
    },
    signs: new Set(),
    templates: new Map(),
    blacklist: new Set(),
    sent: [],
  };
}

const SERVICE = 'sms';
const HOST = 'sms.tencentcloudapi.com';
const VERSION = '2021-01-11';
const PARAM_MAX = 20;
const SKEW_SECONDS = 300;

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

function tcError(ctx: SandboxCtx, code: string, message: string): void {
  ctx.status = 200;
  ctx.body = { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } };
}

/** The TC3-HMAC-SHA256 check; returns an error code, or undefined when the request is properly signed. */
export function verifyTc3(
  state: SandboxState,
  ctx: SandboxCtx,
): { code: string; message: string } | undefined {
  const auth = String(ctx.get('authorization'));
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m)
    return {
      code: 'AuthFailure.InvalidAuthorization',
      message: 'Authorization header is not TC3-HMAC-SHA256',
    };
  const [, secretId, date, service, signedHeaders, signature] = m;
  const creds = state.sms.credentials;
  if (secretId !== creds.secretId)
    return { code: 'AuthFailure.SecretIdNotFound', message: 'SecretId not found' };
  const timestamp = Number(ctx.get('x-tc-timestamp'));
  // The SDK signs with the wall clock, so this window is against the wall clock too.
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > SKEW_SECONDS) {
    return {
      code: 'AuthFailure.SignatureExpire',
      message: 'signature expired: X-TC-Timestamp too far from now',
    };
  }
  if (date !== new Date(timestamp * 1000).toISOString().slice(0, 10))
    return { code: 'AuthFailure.SignatureFailure', message: 'credential date does not match X-TC-Timestamp' };
  const hostname = String(ctx.get('host')).replace(/:\d+$/, '');
  if (service !== SERVICE || hostname !== HOST)
    return {
      code: 'AuthFailure.SignatureFailure',
      message: `service ${service} / host ${hostname} is not ${SERVICE} / ${HOST}`,
    };
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('content-type'))
    return { code: 'AuthFailure.SignatureFailure', message: 'content-type and host must be signed' };
  const canonicalHeaders = names
    .map((h) => `${h}:${h === 'host' ? hostname : String(ctx.get(h)).trim().toLowerCase()}\n`)
    .join('');
  const canonicalRequest = [
    ctx.method,
    ctx.path,
    ctx.querystring,
    canonicalHeaders,
    signedHeaders,
    sha256(ctx.state.raw ?? ''),
  ].join('\n');
  const stringToSign = [
    'TC3-HMAC-SHA256',
    String(timestamp),
    `${date}/${service}/tc3_request`,
    sha256(canonicalRequest),
  ].join('\n');
  const kSigning = hmac(hmac(hmac(`TC3${creds.secretKey}`, date), service), 'tc3_request');
  const expected = Buffer.from(createHmac('sha256', kSigning).update(stringToSign).digest('hex'));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { code: 'AuthFailure.SignatureFailure', message: 'signature does not match' };
  return undefined;
}

const render = (text: string, params: string[]) =>
  text.replace(/\{(\d+)\}/g, (_, n: string) => params[Number(n) - 1] ?? '');
const paramCount = (text: string) => new Set(text.match(/\{\d+\}/g) ?? []).size;

export function tencentSmsRoutes(router: Router, state: SandboxState): void {
  const sms = state.sms;

  const sendSms = (ctx: SandboxCtx, b: LooseBody) => {
    if (b.SmsSdkAppId !== sms.credentials.sdkAppId)
      return tcError(ctx, 'FailedOperation.SmsSdkAppIdVerifyFail', 'SdkAppId verification failed');
    if (!Array.isArray(b.PhoneNumberSet) || b.PhoneNumberSet.length === 0 || b.PhoneNumberSet.length > 200)
      return tcError(ctx, 'InvalidParameterValue.IncorrectPhoneNumber', 'PhoneNumberSet: 1–200 numbers');
    if (!sms.signs.has(String(b.SignName ?? '')))
      return tcError(
        ctx,
        'FailedOperation.SignatureIncorrectOrUnapproved',
        `signature ${b.SignName} not approved`,
      );
    const template = sms.templates.get(String(b.TemplateId ?? ''));
    if (!template)
      return tcError(
        ctx,
        'FailedOperation.TemplateIncorrectOrUnapproved',
        `template ${b.TemplateId} not approved`,
      );
    const params: unknown[] = Array.isArray(b.TemplateParamSet) ? b.TemplateParamSet : [];
    if (params.length !== paramCount(template.text))
      return tcError(
        ctx,
        'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
        `template takes ${paramCount(template.text)} parameters`,
      );
    if (params.some((p) => typeof p !== 'string' || p === '' || /[{}]/.test(p)))
      return tcError(
        ctx,
        'InvalidParameterValue.TemplateParameterFormatError',
        'parameters are non-empty strings without braces',
      );
    if (params.some((p) => [...(p as string)].length > PARAM_MAX))
      return tcError(
        ctx,
        'InvalidParameterValue.TemplateParameterLengthLimit',
        `a parameter has more than ${PARAM_MAX} characters`,
      );
    const now = state.options.now();
    const SendStatusSet = (b.PhoneNumberSet as unknown[]).map((raw) => {
      const phone = String(raw);
      const serialNo = `${Date.now()}:${randomUUID().slice(0, 8)}`;
      const base = {
        SerialNo: '',
        PhoneNumber: phone,
        Fee: 0,
        SessionContext: String(b.SessionContext ?? ''),
        IsoCode: 'CN',
      };
      if (!/^\+861[3-9]\d{9}$/.test(phone))
        return {
          ...base,
          Code: 'InvalidParameterValue.IncorrectPhoneNumber',
          Message: 'incorrect phone number',
        };
      if (sms.blacklist.has(phone.slice(3)))
        return {
          ...base,
          Code: 'FailedOperation.PhoneNumberInBlacklist',
          Message: 'phone number in blacklist',
        };
      const record: SandboxSms = {
        serialNo,
        phone: phone.slice(3),
        templateId: template.templateId,
        signName: String(b.SignName),
        params: params as string[],
        text: `【${b.SignName}】${render(template.text, params as string[])}`,
        sessionContext: base.SessionContext,
        sentAt: now.toISOString(),
      };
      sms.sent.push(record);
      return { ...base, SerialNo: serialNo, Fee: 1, Code: 'Ok', Message: 'send success' };
    });
    ctx.body = { Response: { SendStatusSet, RequestId: randomUUID() } };
  };

  const pullStatus = (ctx: SandboxCtx, b: LooseBody) => {
    if (b.SmsSdkAppId !== sms.credentials.sdkAppId)
      return tcError(ctx, 'FailedOperation.SmsSdkAppIdVerifyFail', 'SdkAppId verification failed');
    const phone = String(b.PhoneNumber ?? '').replace(/^\+86/, '');
    const since = Number(b.BeginTime ?? 0) * 1000;
    const limit = Math.min(100, Number(b.Limit ?? 100));
    const PullSmsSendStatusSet = sms.sent
      .filter((r) => r.phone === phone && Date.parse(r.sentAt) >= since)
      .slice(0, limit)
      .map((r) => ({
        UserReceiveTime: Math.floor(Date.parse(r.sentAt) / 1000),
        CountryCode: '86',
        SubscriberNumber: r.phone,
        PhoneNumber: `+86${r.phone}`,
        SerialNo: r.serialNo,
        ReportStatus: 'SUCCESS',
        Description: '用户短信接收成功',
        SessionContext: r.sessionContext,
      }));
    ctx.body = { Response: { PullSmsSendStatusSet, RequestId: randomUUID() } };
  };

  router.post('/', async (ctx: SandboxCtx, next) => {
    const action = String(ctx.get('x-tc-action'));
    if (!action) return next();
    const api = action === 'SendSms' ? 'sms.send' : 'sms.status';
    state.faults.countCall(api);
    const fault = state.faults.forApi(api);
    // A delay longer than the client's timeout: the client gives up, the message is sent all the same.
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.status) {
      ctx.status = fault.status;
      ctx.body = 'Internal Server Error';
      return;
    }
    const problem = verifyTc3(state, ctx);
    if (problem) return tcError(ctx, problem.code, problem.message);
    if (ctx.get('x-tc-version') !== VERSION)
      return tcError(ctx, 'InvalidParameterValue', `X-TC-Version must be ${VERSION}`);
    const body = (ctx.state.json ?? {}) as LooseBody;
    if (action === 'SendSms') return sendSms(ctx, body);
    if (action === 'PullSmsSendStatusByPhoneNumber') return pullStatus(ctx, body);
    return tcError(ctx, 'InvalidAction', `action ${action} not found`);
  });
}
