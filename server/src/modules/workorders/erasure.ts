/**
 * 注销, work orders' part: orders are the household's service record and stay, but stop naming the
 * resident who filed them; a finished one also loses the contact name and phone given for the visit (an
 * open one keeps them until the visit is done: the technician must be able to call).
 */
import { AppointmentModel } from './appointments/appointment.model';
import { WorkOrderModel } from './orders/workorder.model';

export async function forgetOrderContact(userId: string): Promise<Record<string, number>> {
  const finished = await WorkOrderModel.updateMany(
    { residentUserId: userId, state: { $ne: 'open' } },
    { $unset: { residentUserId: 1, contactName: 1, contactPhone: 1 } },
  );
  const open = await WorkOrderModel.updateMany({ residentUserId: userId }, { $unset: { residentUserId: 1 } });
  const appointments = await AppointmentModel.updateMany(
    { 'bookedBy.kind': 'resident', 'bookedBy.id': userId },
    { $unset: { 'bookedBy.id': 1 } },
  );
  return {
    ordersDetached: finished.modifiedCount + open.modifiedCount,
    appointmentsDetached: appointments.modifiedCount,
  };
}
