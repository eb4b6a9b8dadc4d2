/**
 * What the customer screens read. The server's schemas (types/src/accounts.ts) are the contract;
 * these are the fields the screens use, kept loose (optional) so a screen renders whatever part of
 * the record the server provides.
 */
export type Address = { district?: string; community?: string; building?: string; unit?: string; room?: string };

export type CustomerSummary = {
  id?: string;
  accountNo: string;
  holderName?: string;
  phone?: string;
  address?: Address | string;
  areaCode?: string;
  utility?: string;
  status?: string;
  arrearsFen?: number;
};

export type Customer360 = {
  account: CustomerSummary & { meters?: Meter[]; appliances?: Appliance[]; contract?: Record<string, unknown> };
  bills?: BillRow[];
  arrearsFen?: number;
  payments?: PaymentRow[];
  workOrders?: OrderRow[];
  inspections?: InspectionRow[];
  ratings?: RatingRow[];
  chats?: ChatRow[];
  notes?: NoteRow[];
};

export type Meter = { meterNo?: string; serialNo?: string; type?: string; model?: string; lastReading?: number; installedAt?: string };
export type Appliance = { kind?: string; type?: string; brand?: string; model?: string; installedAt?: string };
export type BillRow = { id?: string; billId?: string; period?: string; amountDueFen?: number; amountFen?: number; dueDate?: string; status?: string };
export type PaymentRow = { outTradeNo?: string; amountFen?: number; status?: string; channel?: string; paidAt?: string; createdAt?: string };
export type OrderRow = { id?: string; orderNo?: string; type?: string; status?: string; createdAt?: string; summary?: string };
export type InspectionRow = { id?: string; status?: string; scheduledAt?: string; result?: string; completedAt?: string };
export type RatingRow = { orderNo?: string; score?: number; comment?: string; createdAt?: string };
export type ChatRow = { id?: string; sessionId?: string; status?: string; startedAt?: string; createdAt?: string; lastMessage?: string };
export type NoteRow = { text?: string; by?: string; author?: string; createdAt?: string };

export function formatAddress(a: Address | string | undefined): string {
  if (!a) return '—';
  if (typeof a === 'string') return a;
  return [a.district, a.community, a.building && `${a.building}栋`, a.unit && `${a.unit}单元`, a.room]
    .filter(Boolean)
    .join(' ');
}
