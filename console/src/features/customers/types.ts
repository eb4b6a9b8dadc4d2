/** The customer screens read CustomerSummary and Customer360 (types/src/accounts.ts; the 360° rows are typed per section). */
export type { CustomerSummary, Customer360 } from '@portal/types';
