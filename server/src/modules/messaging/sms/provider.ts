/**
 * The SMS provider port: one message to one phone with a provider template and its parameters.
 * Providers throw SmsError, classified by what the sender should do next.
 */
export type SmsMessage = {
  /** Mainland mobile number, 11 digits. */
  phone: string;
  templateId: string;
  params: string[];
  /** Stable per message; sent along (Tencent: SessionContext) so a status query can find the message. */
  idempotencyKey: string;
  /** What the resident reads (template text with the parameters): the development double records it. */
  text: string;
};

export type SmsSent = { id: string };

/**
 * - retry: the provider did not take it (network, timeout, 5xx, rate limit): the same message again later;
 *   `ambiguous` when it may have been taken all the same (a timeout after sending), so the sender asks
 *   `wasSent` before resending.
 * - recipient: this phone cannot receive it (wrong number, blacklisted, daily limit): nothing to retry.
 * - permanent: the message or the account setup is wrong (template, signature, credentials): stop.
 */
export type SmsErrorKind = 'retry' | 'recipient' | 'permanent';

export class SmsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: SmsErrorKind,
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}

export type SmsProvider = {
  name: 'tencent' | 'sandbox';
  send(m: SmsMessage): Promise<SmsSent>;
  /**
   * After an ambiguous failure: did the provider take the message with this idempotency key? undefined
   * when it cannot tell (then the sender treats it as not sent).
   */
  wasSent?(m: Pick<SmsMessage, 'phone' | 'idempotencyKey'>, since: Date): Promise<SmsSent | undefined>;
};
