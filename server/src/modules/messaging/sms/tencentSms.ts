/**
 * Tencent Cloud SMS through its official Node SDK (tencentcloud-sdk-nodejs-sms, API 2021-01-11, TC3-HMAC-SHA256
 * signed by the SDK). SendSms carries the message's idempotency key as SessionContext, so after an ambiguous
 * failure PullSmsSendStatusByPhoneNumber can tell whether Tencent took it.
 *
 * TENCENT_SMS_ENDPOINT other than *.tencentcloudapi.com (the sandbox) is dialled instead, while the request stays
 * exactly what Tencent receives: Host and the signature's service remain sms.tencentcloudapi.com.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import * as tencentcloud from 'tencentcloud-sdk-nodejs-sms';
import type { Config } from '@portal/config';
import { SmsError, type SmsErrorKind, type SmsProvider } from './provider';

const SmsClient = tencentcloud.sms.v20210111.Client;
const TENCENT_HOST = 'sms.tencentcloudapi.com';

export type TencentSmsSettings = Pick<
  Config,
  | 'TENCENT_SMS_SECRET_ID'
  | 'TENCENT_SMS_SECRET_KEY'
  | 'TENCENT_SMS_SDK_APP_ID'
  | 'TENCENT_SMS_REGION'
  | 'TENCENT_SMS_ENDPOINT'
  | 'SMS_SIGNATURE'
  | 'SMS_TIMEOUT_MS'
>;

/** Per-number answers (SendStatus.Code) and API errors by what to do next; anything unlisted: retry. */
const RECIPIENT = [
  'InvalidParameterValue.IncorrectPhoneNumber',
  'FailedOperation.PhoneNumberInBlacklist',
  'FailedOperation.PhoneNumberParseFail',
  'LimitExceeded.PhoneNumberDailyLimit',
  'LimitExceeded.PhoneNumberOneHourLimit',
  'LimitExceeded.PhoneNumberSameContentDailyLimit',
  'UnsupportedOperation.UnsupportedRegion',
];
const PERMANENT_PREFIXES = [
  'AuthFailure',
  'UnauthorizedOperation',
  'FailedOperation.TemplateIncorrectOrUnapproved',
  'FailedOperation.SignatureIncorrectOrUnapproved',
  'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
  'FailedOperation.MissingSignature',
  'FailedOperation.MissingTemplate',
  'InvalidParameterValue',
  'InvalidParameter',
  'MissingParameter',
];

export function classifyTencentCode(code: string): SmsErrorKind {
  if (RECIPIENT.includes(code)) return 'recipient';
  if (PERMANENT_PREFIXES.some((p) => code === p || code.startsWith(`${p}.`))) return 'permanent';
  return 'retry';
}

/** The SDK's profile for an endpoint URL (see the header). */
function httpProfile(endpoint: string, timeoutMs: number) {
  const url = new URL(endpoint);
  const base = { protocol: `${url.protocol}//`, reqTimeout: timeoutMs / 1000, reqMethod: 'POST' as const };
  if (url.hostname.endsWith('tencentcloudapi.com')) return { ...base, endpoint: url.host };
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const Agent = url.protocol === 'https:' ? https.Agent : http.Agent;
  const agent = new Agent({ keepAlive: true });
  (agent as unknown as { createConnection: typeof net.createConnection }).createConnection = ((
    _o: unknown,
    cb?: () => void,
  ) => net.createConnection({ host: url.hostname, port }, cb)) as typeof net.createConnection;
  return { ...base, endpoint: TENCENT_HOST, agent };
}

const e164 = (phone: string) => (phone.startsWith('+') ? phone : `+86${phone}`);

export function tencentSmsProvider(c: TencentSmsSettings): SmsProvider {
  const missing = (
    ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID'] as const
  ).filter((k) => !c[k]);
  if (missing.length) throw new Error(`Tencent Cloud SMS is not configured: ${missing.join(', ')}`);
  const client = new SmsClient({
    credential: { secretId: c.TENCENT_SMS_SECRET_ID, secretKey: c.TENCENT_SMS_SECRET_KEY },
    region: c.TENCENT_SMS_REGION,
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: httpProfile(c.TENCENT_SMS_ENDPOINT, c.SMS_TIMEOUT_MS),
    },
  });
  const appId = c.TENCENT_SMS_SDK_APP_ID!;
  const signName = c.SMS_SIGNATURE.replace(/^【|】$/g, '');

  /** SDK failures: TencentCloudSDKHttpException with an API code, or none (network, timeout, HTTP status). */
  const fail = (e: unknown): SmsError => {
    const err = e as { code?: string; httpCode?: number; message?: string };
    const message = err.message ?? String(e);
    if (err.code) return new SmsError(err.code, message, classifyTencentCode(err.code));
    // No answer read: the request may have reached Tencent (a timeout after sending) or not.
    const timedOut = /timeout|aborted|ETIMEDOUT|ECONNRESET|socket hang up/i.test(message);
    return new SmsError(
      err.httpCode ? `HTTP${err.httpCode}` : timedOut ? 'TIMEOUT' : 'NETWORK',
      message,
      'retry',
      timedOut,
    );
  };

  return {
    name: 'tencent',
    async send(m) {
      let res;
      try {
        res = await client.SendSms({
          PhoneNumberSet: [e164(m.phone)],
          SmsSdkAppId: appId,
          SignName: signName,
          TemplateId: m.templateId,
          TemplateParamSet: m.params,
          SessionContext: m.idempotencyKey,
        });
      } catch (e) {
        throw fail(e);
      }
      const status = res.SendStatusSet?.[0];
      if (!status) throw new SmsError('NO_STATUS', 'SendSms answered without a status', 'retry', true);
      if (status.Code !== 'Ok')
        throw new SmsError(
          status.Code ?? 'UNKNOWN',
          status.Message ?? '',
          classifyTencentCode(status.Code ?? ''),
        );
      return { id: status.SerialNo ?? m.idempotencyKey };
    },

    async wasSent(m, since) {
      try {
        const res = await client.PullSmsSendStatusByPhoneNumber({
          BeginTime: Math.floor(since.getTime() / 1000) - 60,
          Offset: 0,
          Limit: 100,
          PhoneNumber: e164(m.phone),
          SmsSdkAppId: appId,
        });
        const hit = res.PullSmsSendStatusSet?.find((s) => s.SessionContext === m.idempotencyKey);
        return hit ? { id: hit.SerialNo ?? m.idempotencyKey } : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
