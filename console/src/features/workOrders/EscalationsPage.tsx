import { WorkOrderListPage } from './WorkOrderListPage';

/** 升级待办: orders escalated for SLA breaches or complaints (listWorkOrders with escalated=true). */
export function EscalationsPage() {
  return <WorkOrderListPage title="升级待办" fixedQuery={{ escalated: 'true' }} />;
}
