/** The customer screens read CustomerSummary and Customer360 (types/src/accounts.ts). */
export type { CustomerSummary, Customer360 } from '@portal/types';

/** Customer360's growing lists carry loose rows; these read one field of such a row safely. */
export type LooseRow = Record<string, unknown>;
export const str = (r: LooseRow, ...keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = r[k];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
};
export const num = (r: LooseRow, ...keys: string[]): number | undefined => {
  for (const k of keys) if (typeof r[k] === 'number') return r[k] as number;
  return undefined;
};
