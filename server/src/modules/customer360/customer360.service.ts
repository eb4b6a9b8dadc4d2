/**
 * The 360° customer record for staff, composed from the sections the owning features provide: the
 * account (accounts), bills and payments (billing), orders, inspections and ratings (workorders), and
 * conversations (chat). Each section is a few indexed queries by 户号; all run in parallel.
 */
import type { Customer360 } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { customerAccountSection } from '../accounts';
import { customerBillingSection } from '../billing';
import { customerChatSection } from '../chat';
import { customerWorkOrdersSection } from '../workorders';

/** 404 ACCOUNT_NOT_FOUND for an unknown 户号 or one outside the caller's areas (the account section decides). */
export async function getCustomer360(
  deps: AppDeps,
  auth: StaffAuth,
  accountNo: string,
  limit: number,
  requestId?: string,
): Promise<Customer360> {
  const [account, billing, workOrders, chats] = await Promise.all([
    customerAccountSection(deps, auth, accountNo, requestId),
    customerBillingSection(accountNo, limit),
    customerWorkOrdersSection(accountNo, limit),
    customerChatSection(accountNo, limit),
  ]);
  return { ...account, billing, ...workOrders, chats };
}
