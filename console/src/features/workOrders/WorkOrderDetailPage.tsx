import { useParams } from 'react-router-dom';
import { WorkOrderDetail } from './WorkOrderDetail';

/** A single order by URL (links from the cockpit, notifications and the customer record). */
export function WorkOrderDetailPage() {
  const { orderId = '' } = useParams();
  return <WorkOrderDetail orderKey={orderId} />;
}
