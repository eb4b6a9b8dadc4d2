/**
 * Money is integer fen (分) everywhere in the portal, and becomes 元 only where people read it: here, once,
 * for the mini-program, the console and the server's message fields. Zod-free, so both apps import this file
 * directly (`@portal/types/src/money`). Integer arithmetic only: no float rounding can ever show.
 */

export type YuanFormat = {
  /** Thousands separators (1,234.50); off where a system wants plain digits (WeChat fields, CSV). */
  grouping?: boolean;
};

/** 12345 → '123.45'; negative amounts (refunds) keep their sign. Fractional fen is refused, never rounded. */
export function fenToYuan(amountFen: number, { grouping = true }: YuanFormat = {}): string {
  if (!Number.isSafeInteger(amountFen)) throw new TypeError(`amountFen must be an integer, got ${amountFen}`);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = String(Math.floor(abs / 100));
  const whole = grouping ? yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : yuan;
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** 12345 → '¥123.45'; -2050 → '-¥20.50'. */
export function formatFen(
  amountFen: number,
  { symbol = true, grouping = true }: YuanFormat & { symbol?: boolean } = {},
): string {
  const yuan = fenToYuan(amountFen, { grouping });
  if (!symbol) return yuan;
  return yuan.startsWith('-') ? `-¥${yuan.slice(1)}` : `¥${yuan}`;
}

/** Sum of fen amounts, exact. */
export function sumFen(amounts: readonly number[]): number {
  return amounts.reduce((total, a) => total + a, 0);
}
