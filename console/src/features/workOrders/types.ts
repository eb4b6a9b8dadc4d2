/**
 * What the work-order screens read (the server's schemas in types/src/service.ts are the contract;
 * optional fields let a screen show whatever the server provides).
 */
import type { Address } from '../customers/types';

export type StaffRef = { id?: string; name?: string; username?: string };

export type TimelineEntry = {
  at?: string;
  createdAt?: string;
  status?: string;
  node?: string;
  action?: string;
  by?: StaffRef | string;
  note?: string;
};

export type WorkOrder = {
  id?: string;
  orderNo: string;
  type?: string;
  status?: string;
  priority?: string;
  areaCode?: string;
  accountNo?: string;
  address?: Address | string;
  description?: string;
  contactPhone?: string;
  assignee?: StaffRef;
  createdAt?: string;
  closedAt?: string;
  slaDueAt?: string;
  sla?: { dueAt?: string; breached?: boolean; node?: string };
  escalated?: boolean;
  timeline?: TimelineEntry[];
  photos?: Array<{ id?: string; url?: string; thumbnailUrl?: string }>;
  materials?: Array<{ name?: string; quantity?: number; unit?: string }>;
};

/** The order's key in URLs and calls: its id when the server gives one, else its number. */
export const orderKey = (o: Pick<WorkOrder, 'id' | 'orderNo'>): string => o.id ?? o.orderNo;

/** Path parameters under every name the server might use for the order. */
export const orderParams = (key: string) => ({ orderId: key, orderNo: key, id: key });

export const slaDueOf = (o: WorkOrder): string | undefined => o.slaDueAt ?? o.sla?.dueAt;

export const staffName = (s: StaffRef | string | undefined): string =>
  !s ? '—' : typeof s === 'string' ? s : (s.name ?? s.username ?? s.id ?? '—');

export const CLOSED_STATUSES = ['completed', 'closed', 'cancelled', 'resolved'];
export const BOARD_COLUMNS = ['submitted', 'dispatched', 'accepted', 'arrived', 'in_progress', 'completed'];
