/**
 * Booking capacity (slot templates, generation from the business calendar, holds and blackouts, capacity
 * edits) and field work (technician shifts and positions, the dispatcher's board, the materials
 * catalogue, materials and hours recorded on an order, cost per order type and area).
 */
import { z } from './zod';
import { CalendarDay, IsoDateTime, ObjectId, shortText } from './common';
import { OrderNo, WorkOrderType } from './workorders';

const AreaPrefix = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/, '片区编码只能包含字母、数字和连字符')
  .max(30);
const SlotWindow = z.enum(['am', 'pm']);

// ---- slot templates (排班模板) ----

export const SlotTemplateBody = z
  .object({
    areaCode: AreaPrefix,
    type: WorkOrderType,
    /** Seats per half-day window on every business working day (调休 make-up days included, holidays not). */
    windows: z
      .array(z.object({ window: SlotWindow, capacity: z.number().int().min(1).max(500) }))
      .min(1)
      .max(2)
      .refine((ws) => new Set(ws.map((w) => w.window)).size === ws.length, '上午/下午各只能设置一次'),
    enabled: z.boolean().default(true),
  })
  .openapi('SlotTemplateBody');
export type SlotTemplateBody = z.infer<typeof SlotTemplateBody>;

export const SlotTemplate = SlotTemplateBody.extend({
  id: z.string(),
  updatedAt: IsoDateTime.optional(),
}).openapi('SlotTemplate');
export type SlotTemplate = z.infer<typeof SlotTemplate>;

export const SlotTemplateParams = z.object({ id: ObjectId });
export type SlotTemplateParams = z.infer<typeof SlotTemplateParams>;

export const GenerateSlotsBody = z.object({
  /** How many days ahead, from tomorrow. */
  days: z.number().int().min(1).max(60).default(14),
});
export type GenerateSlotsBody = z.infer<typeof GenerateSlotsBody>;

export const GenerateSlotsResult = z
  .object({
    from: CalendarDay,
    to: CalendarDay,
    created: z.number().int(),
    /** Days the calendar closed (public holidays and weekends without 调休). */
    closedDays: z.array(CalendarDay),
    /** 调休 make-up working days that got slots. */
    makeUpDays: z.array(CalendarDay),
    /** New slots created already held by a hold or blackout. */
    held: z.number().int(),
  })
  .openapi('GenerateSlotsResult');
export type GenerateSlotsResult = z.infer<typeof GenerateSlotsResult>;

// ---- holds and blackouts (预留 / 停约) ----

export const SlotHoldKind = z.enum(['hold', 'blackout']);
export type SlotHoldKind = z.infer<typeof SlotHoldKind>;

export const SlotHoldBody = z
  .object({
    kind: SlotHoldKind,
    areaCode: AreaPrefix,
    /** Every order type when absent. */
    type: WorkOrderType.optional(),
    from: CalendarDay,
    to: CalendarDay,
    /** Both windows when absent. */
    window: SlotWindow.optional(),
    reason: shortText(100),
  })
  .refine((h) => h.from <= h.to, { path: ['to'], message: '结束日期不能早于开始日期' })
  .openapi('SlotHoldBody');
export type SlotHoldBody = z.infer<typeof SlotHoldBody>;

export const SlotHold = z
  .object({
    id: z.string(),
    kind: SlotHoldKind,
    areaCode: z.string(),
    type: WorkOrderType.nullable(),
    from: CalendarDay,
    to: CalendarDay,
    window: SlotWindow.nullable(),
    reason: z.string(),
    createdAt: IsoDateTime,
    createdBy: z.string().nullable(),
    /** Slots it takes out of booking now. */
    slots: z.number().int(),
    /** Bookings already in those slots: kept, for the dispatcher to call or move. */
    bookings: z.array(
      z.object({ appointmentId: z.string(), orderNo: z.string(), label: z.string(), slotId: z.string() }),
    ),
  })
  .openapi('SlotHold');
export type SlotHold = z.infer<typeof SlotHold>;

export const SlotHoldParams = z.object({ id: ObjectId });
export type SlotHoldParams = z.infer<typeof SlotHoldParams>;

export const SlotCapacityBody = z.object({ capacity: z.number().int().min(0).max(500) });
export type SlotCapacityBody = z.infer<typeof SlotCapacityBody>;
export const SlotParams = z.object({ id: ObjectId });
export type SlotParams = z.infer<typeof SlotParams>;

// ---- shifts and positions ----

export const LatLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
export type LatLng = z.infer<typeof LatLng>;

export const SetShiftBody = z.object({ onShift: z.boolean() });
export type SetShiftBody = z.infer<typeof SetShiftBody>;

export const ReportPositionBody = LatLng.extend({
  accuracyM: z.number().min(0).max(100_000).optional(),
  /** The order being worked on, when the position is shared from it. */
  orderNo: OrderNo.optional(),
});
export type ReportPositionBody = z.infer<typeof ReportPositionBody>;

export const StaffPosition = LatLng.extend({ at: IsoDateTime, accuracyM: z.number().nullable() });
export type StaffPosition = z.infer<typeof StaffPosition>;

export const MyShift = z
  .object({ onShift: z.boolean(), position: StaffPosition.nullable() })
  .openapi('MyShift');
export type MyShift = z.infer<typeof MyShift>;

export const TechnicianBoardQuery = z.object({
  /** Distances are measured from this order's household (or its area's centre). */
  orderNo: OrderNo.optional(),
});
export type TechnicianBoardQuery = z.infer<typeof TechnicianBoardQuery>;

export const TechnicianOnBoard = z.object({
  id: z.string(),
  name: z.string(),
  team: z.string().nullable(),
  skills: z.array(z.string()),
  areas: z.array(z.string()),
  onShift: z.boolean(),
  /** Only while on shift; null when off shift or never shared. */
  position: StaffPosition.nullable(),
  openOrders: z.number().int(),
  /** Open orders in progress (departed or on site). */
  currentOrderNos: z.array(z.string()),
  distanceKm: z.number().nullable(),
});
export type TechnicianOnBoard = z.infer<typeof TechnicianOnBoard>;

export const TechnicianBoard = z
  .object({
    origin: LatLng.extend({ source: z.enum(['household', 'areaCentre']), label: z.string() }).nullable(),
    technicians: z.array(TechnicianOnBoard),
  })
  .openapi('TechnicianBoard');
export type TechnicianBoard = z.infer<typeof TechnicianBoard>;

export const AreaCentreBody = LatLng.extend({ areaPrefix: AreaPrefix, label: shortText(50) });
export type AreaCentreBody = z.infer<typeof AreaCentreBody>;
export const AreaCentre = AreaCentreBody.openapi('AreaCentre');
export type AreaCentre = z.infer<typeof AreaCentre>;
export const AreaCentreParams = z.object({ areaPrefix: AreaPrefix });
export type AreaCentreParams = z.infer<typeof AreaCentreParams>;

// ---- materials catalogue and order costs ----

export const MaterialCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,20}$/, '物料编码只能包含字母、数字和连字符(最多 20 位)');
export type MaterialCode = z.infer<typeof MaterialCode>;

export const CatalogueMaterialBody = z
  .object({
    code: MaterialCode,
    name: shortText(50),
    spec: z.string().trim().max(50).optional(),
    unit: shortText(10),
    unitCostFen: z.number().int().min(0).max(100_000_000),
    active: z.boolean().default(true),
  })
  .openapi('CatalogueMaterialBody');
export type CatalogueMaterialBody = z.infer<typeof CatalogueMaterialBody>;
export const CatalogueMaterial = CatalogueMaterialBody.extend({ updatedAt: IsoDateTime.optional() }).openapi(
  'CatalogueMaterial',
);
export type CatalogueMaterial = z.infer<typeof CatalogueMaterial>;
export const MaterialParams = z.object({ code: MaterialCode });
export type MaterialParams = z.infer<typeof MaterialParams>;

export const RecordOrderWorkBody = z
  .object({
    materials: z.array(z.object({ code: MaterialCode, quantity: z.number().positive().max(10_000) })).max(50),
    labourMinutes: z.number().int().min(0).max(10_000),
  })
  .openapi('RecordOrderWorkBody');
export type RecordOrderWorkBody = z.infer<typeof RecordOrderWorkBody>;

export const OrderWork = z
  .object({
    orderNo: z.string(),
    materials: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        spec: z.string().nullable(),
        unit: z.string(),
        quantity: z.number(),
        unitCostFen: z.number().int(),
        costFen: z.number().int(),
      }),
    ),
    materialCostFen: z.number().int(),
    labourMinutes: z.number().int(),
  })
  .openapi('OrderWork');
export type OrderWork = z.infer<typeof OrderWork>;

export const OrderCostQuery = z
  .object({ from: CalendarDay, to: CalendarDay, areaCode: AreaPrefix.optional() })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type OrderCostQuery = z.infer<typeof OrderCostQuery>;

export const OrderCostRow = z.object({
  type: WorkOrderType,
  typeLabel: z.string(),
  /** The district (first part of the areaCode), or the community under an asked area. */
  area: z.string(),
  orders: z.number().int(),
  materialCostFen: z.number().int(),
  labourMinutes: z.number().int(),
  avgMaterialCostFen: z.number().int(),
  /** 工时 × 人工费率 (服务设置), fen. */
  labourCostFen: z.number().int(),
  /** 用料 + 人工, fen; and per order. */
  costFen: z.number().int(),
  avgCostFen: z.number().int(),
});
export type OrderCostRow = z.infer<typeof OrderCostRow>;

export const OrderCostReport = z
  .object({
    rows: z.array(OrderCostRow),
    totalOrders: z.number().int(),
    totalMaterialCostFen: z.number().int(),
    totalLabourCostFen: z.number().int(),
    totalCostFen: z.number().int(),
    /** The 人工费率 (fen per hour) the labour was counted at. */
    labourRateFen: z.number().int(),
  })
  .openapi('OrderCostReport');
export type OrderCostReport = z.infer<typeof OrderCostReport>;

export const OrderCostOrdersQuery = z.object({
  from: CalendarDay,
  to: CalendarDay,
  type: WorkOrderType,
  area: AreaPrefix,
});
export type OrderCostOrdersQuery = z.infer<typeof OrderCostOrdersQuery>;

export const OrderCostOrder = z.object({
  orderNo: z.string(),
  areaCode: z.string(),
  resolvedAt: IsoDateTime.nullable(),
  assigneeName: z.string().nullable(),
  materialCostFen: z.number().int(),
  labourMinutes: z.number().int(),
  labourCostFen: z.number().int(),
  costFen: z.number().int(),
});
export type OrderCostOrder = z.infer<typeof OrderCostOrder>;
export const OrderCostOrders = z.array(OrderCostOrder).openapi('OrderCostOrders');
export type OrderCostOrders = z.infer<typeof OrderCostOrders>;
