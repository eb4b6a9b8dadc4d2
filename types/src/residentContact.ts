/**
 * How residents are reached outside the app: official-account follower status (WeChat's message push and the
 * follower list) and the phone number a resident shares in the mini-program (getPhoneNumber, with consent).
 */
import { z } from './zod';
import { IsoDateTime } from './common';

/** The query WeChat signs every official-account push with (服务器配置, plaintext mode). */
export const OaPushQuery = z
  .object({
    signature: z.string().regex(/^[0-9a-f]{40}$/, 'sha1 hex'),
    timestamp: z.string().regex(/^\d{1,12}$/),
    nonce: z.string().min(1).max(64),
    /** Only on the GET handshake when the server URL is saved: answered back as it is. */
    echostr: z.string().min(1).max(128).optional(),
    openid: z.string().max(64).optional(),
    encrypt_type: z.string().max(16).optional(),
    msg_signature: z.string().max(64).optional(),
  })
  .openapi('OaPushQuery');
export type OaPushQuery = z.infer<typeof OaPushQuery>;

/** e.detail.code from `<Button openType="getPhoneNumber">` after the resident agreed. */
export const CapturePhoneBody = z
  .object({ code: z.string().trim().min(1).max(128) })
  .openapi('CapturePhoneBody');
export type CapturePhoneBody = z.infer<typeof CapturePhoneBody>;

export const MyPhone = z
  .object({
    /** 138****1234; absent once withdrawn. */
    phoneMasked: z.string().optional(),
    /** Where SMS goes when no WeChat channel reaches the resident. */
    smsTo: z.enum(['own', 'holder', 'none']),
    consentAt: IsoDateTime.optional(),
  })
  .openapi('MyPhone');
export type MyPhone = z.infer<typeof MyPhone>;
