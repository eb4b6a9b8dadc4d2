/**
 * The development double (SMS_PROVIDER=sandbox): records each message in the database once per
 * idempotency key, with the text the resident would read. Production refuses it (config/).
 */
import mongoose from 'mongoose';
import type { Collection } from 'mongodb';
import type { SmsProvider } from './provider';

export type SandboxSms = {
  _id: string;
  phone: string;
  templateId: string;
  params: string[];
  text: string;
  sentAt: Date;
};

/** A model only so the collection is created with the others, before the first request (platform/db/mongo.ts). */
const SandboxSmsModel = mongoose.model(
  'SandboxSms',
  new mongoose.Schema(
    { _id: String, phone: String, templateId: String, params: [String], text: String, sentAt: Date },
    { versionKey: false, collection: 'sandbox_sms' },
  ),
);

export const sandboxSmsCollection = () => SandboxSmsModel.collection as unknown as Collection<SandboxSms>;

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
