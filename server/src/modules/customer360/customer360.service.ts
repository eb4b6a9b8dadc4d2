/**
 * The 360° customer record for staff, composed from the sections the owning features provide: the
 * account (accounts), bills and payments (billing), orders, inspections and ratings (workorders), and
 * conversations (chat). Each section is a few indexed queries by 户号; all run in parallel.
 */
import type { Customer360 } from '@portal/types';
import type { StaffAuth } from '../../platform/auth/auth';
import { customerAccountSection } from '../accounts';
import { customerBillingSection } from '../billing';
import { customerChatSection } from '../chat';
import { customerWorkOrdersSection } from '../workorders';

/** 404 ACCOUNT_NOT_FOUND for an unknown 户号 (the account section decides). */
export async function getCustomer360(auth: StaffAuth, accountNo: string, limit: number): Promise<Customer360> {
  const [account, billing, workOrders, chats] = await Promise.all([
    customerAccountSection(auth, accountNo),
    customerBillingSection(accountNo, limit),
    customerWorkOrdersSection(accountNo, limit),
    customerChatSection(accountNo, limit),
  ]);
  return { ...account, billing, ...workOrders, chats };
}
