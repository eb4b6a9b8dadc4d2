/**
 * SMS, the last channel: a provider behind the SmsProvider port (./provider), chosen by SMS_PROVIDER:
 * 'tencent' (Tencent Cloud SMS through its official SDK; the demo points it at the sandbox), 'sandbox' (the
 * development double, refused in production), 'none'. Adding Aliyun Dysms means one more file like
 * tencentSms.ts (`@alicloud/dysmsapi20170525` SendSms: SignName, TemplateCode, TemplateParam JSON, OutId) and
 * one more case here; templates then map names onto Aliyun's `${name}` parameters instead of {1}, {2}.
 */
import type { Config } from '@portal/config';
import { PermanentError } from '../../../platform/outbox/worker';
import { SmsError, type SmsProvider } from './provider';
import { sandboxSmsProvider } from './sandboxSms';
import { renderSms, smsTemplates, type SmsTemplateName } from './smsTemplates';
import { tencentSmsProvider } from './tencentSms';

export { SmsError, type SmsErrorKind, type SmsMessage, type SmsProvider, type SmsSent } from './provider';
export { sandboxSmsCollection, sandboxSmsProvider, type SandboxSms } from './sandboxSms';
export {
  renderSms,
  smsParamCount,
  smsTemplates,
  SMS_PARAM_MAX,
  type SmsTemplate,
  type SmsTemplateName,
} from './smsTemplates';

export type SmsConfig = Pick<
  Config,
  | 'SMS_PROVIDER'
  | 'SMS_SIGNATURE'
  | 'SMS_TEMPLATE_IDS'
  | 'SMS_TIMEOUT_MS'
  | 'TENCENT_SMS_SECRET_ID'
  | 'TENCENT_SMS_SECRET_KEY'
  | 'TENCENT_SMS_SDK_APP_ID'
  | 'TENCENT_SMS_REGION'
  | 'TENCENT_SMS_ENDPOINT'
>;

/** One provider per configuration object (the SDK client keeps its connections). */
const providers = new WeakMap<object, SmsProvider | undefined>();

export function createSmsProvider(config: SmsConfig): SmsProvider | undefined {
  if (providers.has(config)) return providers.get(config);
  const p =
    config.SMS_PROVIDER === 'sandbox'
      ? sandboxSmsProvider
      : config.SMS_PROVIDER === 'tencent'
        ? tencentSmsProvider(config)
        : undefined;
  providers.set(config, p);
  return p;
}

/** Sends one templated SMS from an outbox job (staff alerts; residents' messages go through 'message.send'). */
export async function sendTemplatedSms(
  config: SmsConfig,
  m: {
    template: SmsTemplateName;
    phone: string;
    data: Record<string, string | number>;
    idempotencyKey: string;
  },
): Promise<{ sent: boolean }> {
  const sms = createSmsProvider(config);
  if (!sms) return { sent: false };
  const t = smsTemplates(config)[m.template];
  const params = t.params(m.data);
  try {
    await sms.send({
      phone: m.phone,
      templateId: t.templateId,
      params,
      idempotencyKey: m.idempotencyKey,
      text: renderSms(t.text, params),
    });
  } catch (e) {
    // Retrying a wrong template or a wrong number changes nothing; the outbox retries the rest.
    if (e instanceof SmsError && e.kind !== 'retry') throw new PermanentError(`SMS ${e.code}: ${e.message}`);
    throw e;
  }
  return { sent: true };
}
