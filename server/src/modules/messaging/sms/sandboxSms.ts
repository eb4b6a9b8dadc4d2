/**
 * The development double (SMS_PROVIDER=sandbox): records each message in the database once per
 * idempotency key, with the text the resident would read. Production refuses it (config/).
 */
import mongoose from 'mongoose';
import type { SmsProvider } from './provider';

export type SandboxSms = {
  _id: string;
  phone: string;
  templateId: string;
  params: string[];
  text: string;
  sentAt: Date;
};

export const sandboxSmsCollection = () => mongoose.connection.collection<SandboxSms>('sandbox_sms');

export const sandboxSmsProvider: SmsProvider = {
  name: 'sandbox',
  async send({ phone, templateId, params, text, idempotencyKey }) {
    await sandboxSmsCollection().updateOne(
      { _id: idempotencyKey },
      { $setOnInsert: { phone, templateId, params, text, sentAt: new Date() } },
      { upsert: true },
    );
    return { id: idempotencyKey };
  },
  async wasSent({ idempotencyKey }) {
    return (await sandboxSmsCollection().findOne({ _id: idempotencyKey }))
      ? { id: idempotencyKey }
      : undefined;
  },
};
