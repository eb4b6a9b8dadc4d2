/** Money arrives as integer fen (分) and is turned into 元 only here, at the edge. */

/** 12345 → '123.45'; negative amounts (refunds) keep their sign. Integer arithmetic, no float rounding. */
export function fenToYuan(amountFen: number): string {
  if (!Number.isInteger(amountFen)) throw new TypeError(`amountFen must be an integer, got ${amountFen}`);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.floor(abs / 100);
  const fen = abs % 100;
  return `${sign}${yuan.toLocaleString('en-US')}.${String(fen).padStart(2, '0')}`;
}

/** 12345 → '¥123.45' */
export function formatFen(amountFen: number): string {
  const yuan = fenToYuan(amountFen);
  return yuan.startsWith('-') ? `-¥${yuan.slice(1)}` : `¥${yuan}`;
}

/** Sum of fen amounts, exact. */
export function sumFen(amounts: readonly number[]): number {
  return amounts.reduce((total, a) => total + a, 0);
}
