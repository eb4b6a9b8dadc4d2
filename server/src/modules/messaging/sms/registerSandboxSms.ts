/** Registers the SMS signature and every SMS template in the sandbox's Tencent Cloud SMS (demo start, tests). */
import type { Config } from '@portal/config';
import { smsTemplates } from './smsTemplates';

type SmsRegistry = {
  addSmsSign(name: string): Promise<unknown>;
  addSmsTemplate(o: { templateId: string; text: string }): Promise<unknown>;
};

export async function registerSandboxSms(
  client: SmsRegistry,
  config: Pick<Config, 'SMS_SIGNATURE' | 'SMS_TEMPLATE_IDS'>,
): Promise<void> {
  await client.addSmsSign(config.SMS_SIGNATURE.replace(/^【|】$/g, ''));
  for (const t of Object.values(smsTemplates(config)))
    await client.addSmsTemplate({ templateId: t.templateId, text: t.text });
}
