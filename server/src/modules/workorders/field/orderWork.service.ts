/**
 * Materials used and hours worked on an order, recorded from the catalogue: the server copies each
 * material's name, unit and unit cost, so the cost is the catalogue's, never a figure the phone sent.
 * Recording again replaces the record (a correction), guarded by the order's seq.
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { audit, type AuditBy } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { errors } from '../../../platform/http/errors';
import { WorkOrderModel, type WorkOrder } from '../orders/workorder.model';
import { findAccessibleOrder } from '../orders/workorder.service';
import { activeMaterials } from './materials.service';

const DESK = ['dispatcher', 'supervisor', 'admin'];

/** A recorded material: the catalogue's name, unit and unit cost copied, its cost in integer fen. */
export const materialLine = (
  c: Pick<T.CatalogueMaterialBody, 'code' | 'name' | 'spec' | 'unit' | 'unitCostFen'>,
  quantity: number,
) => ({
  code: c.code,
  name: c.name,
  spec: c.spec,
  unit: c.unit,
  quantity,
  unitPriceFen: c.unitCostFen,
  // Integer fen: a fractional quantity (1.5 m of pipe) rounds to the nearest fen.
  costFen: Math.round(quantity * c.unitCostFen),
});

/** An order's materials cost: the sum of its recorded lines. */
export const materialCostOf = (lines: { costFen: number }[]) => lines.reduce((sum, m) => sum + m.costFen, 0);

export const orderWorkView = (
  o: Pick<WorkOrder, 'orderNo' | 'materials' | 'materialCostFen' | 'labourMinutes'>,
): T.OrderWork => ({
  orderNo: o.orderNo,
  materials: (o.materials ?? []).map((m) => ({
    code: m.code ?? '',
    name: m.name ?? '',
    spec: m.spec ?? null,
    unit: m.unit ?? '',
    quantity: m.quantity ?? 0,
    unitCostFen: m.unitPriceFen ?? 0,
    costFen: m.costFen ?? 0,
  })),
  materialCostFen: o.materialCostFen ?? 0,
  labourMinutes: o.labourMinutes ?? 0,
});

export async function recordOrderWork(
  deps: AppDeps,
  auth: StaffAuth,
  orderNo: string,
  body: T.RecordOrderWorkBody,
  by: AuditBy,
): Promise<T.OrderWork> {
  const order = await findAccessibleOrder(auth, orderNo);
  const mine = order.assigneeId === auth.staffId;
  if (!mine && !auth.roles.some((r) => DESK.includes(r))) throw errors.notYourOrderAction();
  if (order.state === 'cancelled') throw errors.invalidTransition('已取消');
  const catalogue = await activeMaterials([...new Set(body.materials.map((m) => m.code))]);
  const materials = body.materials.map((m) => {
    const c = catalogue.get(m.code);
    if (!c) throw errors.materialNotFound(m.code);
    return materialLine(c, m.quantity);
  });
  const materialCostFen = materialCostOf(materials);
  const updated = await WorkOrderModel.findOneAndUpdate(
    { orderNo, seq: order.seq },
    {
      $set: {
        materials,
        materialCostFen,
        labourMinutes: body.labourMinutes,
        workRecordedAt: deps.clock.now(),
      },
      $inc: { seq: 1 },
    },
    { new: true },
  ).lean<WorkOrder>();
  if (!updated) throw errors.orderChanged();
  await audit.record({
    ...by,
    action: 'workOrders.recordWork',
    target: { kind: 'workOrder', id: orderNo },
    before: orderWorkView(order),
    after: orderWorkView(updated),
  });
  return orderWorkView(updated);
}
