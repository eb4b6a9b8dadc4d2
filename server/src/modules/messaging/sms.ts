/**
 * SMS, the last channel. Pluggable: production plugs in the utility's SMS gateway behind this
 * interface; the sandbox provider records messages in the database (demo, tests).
 */
import mongoose from 'mongoose';
import type { Config } from '@portal/config';

export type SmsProvider = {
  name: string;
  /** `idempotencyKey` is stable per message: a provider that supports it (OutId...) drops repeats. */
  send(m: { phone: string; text: string; idempotencyKey: string }): Promise<{ id: string }>;
};

export type SandboxSms = { _id: string; phone: string; text: string; sentAt: Date };

export const sandboxSmsCollection = () => mongoose.connection.collection<SandboxSms>('sandbox_sms');

/** Records each message once per idempotency key (like a gateway's OutId). */
export const sandboxSmsProvider: SmsProvider = {
  name: 'sandbox',
  async send({ phone, text, idempotencyKey }) {
    await sandboxSmsCollection().updateOne(
      { _id: idempotencyKey },
      { $setOnInsert: { phone, text, sentAt: new Date() } },
      { upsert: true },
    );
    return { id: idempotencyKey };
  },
};

export function createSmsProvider(config: Pick<Config, 'SMS_PROVIDER'>): SmsProvider | undefined {
  return config.SMS_PROVIDER === 'sandbox' ? sandboxSmsProvider : undefined;
}
