/**
 * A sandbox double of a utility's billing system of record (营收系统), the receiver of the portal's 销账
 * webhook (server/src/modules/billing/writeOff.ts). The demo runs it beside the WeChat sandbox; tests start
 * their own. It verifies the signature and the timestamp window, writes off once per Idempotency-Key (a
 * repeated key is answered with the write-off already made), and can misbehave on purpose (signedReceiver.ts):
 * answer 503, or answer only after a delay (the write-off is made all the same, as a slow system would).
 *
 *   const ledger = await startWriteOffSandbox({ secret });
 *   // portal config: WRITEOFF_WEBHOOK_URL = `${ledger.url}/write-offs`, WRITEOFF_WEBHOOK_SECRET = secret
 */
import { startSignedReceiver, type SignedReceiver } from './signedReceiver';

export type SandboxWriteOff = {
  writeOffNo: string;
  idempotencyKey: string;
  event: string;
  outTradeNo: string;
  outRefundNo?: string;
  accountNo: string;
  amountFen: number;
  at: string;
};

export type WriteOffSandbox = SignedReceiver & {
  /** Write-offs made, one per idempotency key. */
  writeOffs: Map<string, SandboxWriteOff>;
};

export async function startWriteOffSandbox(opts: {
  secret: string;
  port?: number;
  host?: string;
}): Promise<WriteOffSandbox> {
  const writeOffs = new Map<string, SandboxWriteOff>();
  let seq = 0;
  const receiver = await startSignedReceiver({
    ...opts,
    path: '/write-offs',
    downMessage: '营收系统维护中',
    invalid: ({ json: b }) =>
      !b.event || !b.outTradeNo || !b.accountNo || typeof b.amountFen !== 'number'
        ? '请求缺少必填字段'
        : undefined,
    handle: ({ idempotencyKey, json: b }) => {
      let made = writeOffs.get(idempotencyKey!);
      if (!made) {
        seq++;
        made = {
          writeOffNo: `XZ${String(Date.now()).slice(-8)}${String(seq).padStart(5, '0')}`,
          idempotencyKey: idempotencyKey!,
          event: String(b.event),
          outTradeNo: String(b.outTradeNo),
          ...(b.outRefundNo ? { outRefundNo: String(b.outRefundNo) } : {}),
          accountNo: String(b.accountNo),
          amountFen: Number(b.amountFen),
          at: new Date().toISOString(),
        };
        writeOffs.set(idempotencyKey!, made);
      }
      return { status: 200, payload: { writeOffNo: made.writeOffNo } };
    },
  });
  return Object.assign(receiver, { writeOffs });
}
