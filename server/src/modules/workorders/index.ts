/**
 * Work orders: the public face other features use. Sub-domains live in folders:
 *   orders/        the order, its state machine (engine), resident and staff views, notifications, reports
 *   sla/           SLA clocks, the sweep job, escalations
 *   dispatch/      rule-driven dispatch and technician load
 *   appointments/  slots and bookings; capacity: slot templates, generation, holds and blackouts
 *   field/         technicians' shifts and positions, the board, materials catalogue, order work and costs
 *   inspections/   安检 plans and their cycles
 *   ratings/       ratings and 回访 tasks (a poor rating, or the per-type sample of completed orders)
 *   config/        node sequences, SLA policies, business calendars, dispatch rules (admin)
 *   external/      the gateway to a utility's own field-service system
 * The app mounts the feature from feature.ts; other features import only from this file.
 */
export { createWorkOrder, orderAccountNo, orderNosOfAccount } from './orders/workorder.service';
export { onWorkOrderTransition, type TransitionHook, type Actor } from './orders/engine';
export { orderSummaries, openOrderNosVia, advanceOrder, type OrderSummary } from './orders/handle';
export { CATEGORY_LABELS, TYPE_LABELS } from './orders/labels';
export { customerWorkOrdersSection } from './orders/customer360.section';
export {
  forEachOrderBatch,
  forEachOrderCreatedAt,
  pageOrders,
  countOrdersByArea,
  slaOutcomes,
  orderNosWithClocks,
  orderNosWithClockChangesSince,
  followUpOutcomes,
  orderNosWithFollowUps,
  orderNosWithFollowUpChangesSince,
  type OrderFollowUps,
  type OrderReportRow,
  type OrderReportFilter,
} from './orders/orderReports';
// 隐患 statistics (by area, customer type, category, with overdue alerts) for the cockpit: a scope filter on areaCode.
export { hazardStatistics } from './inspections/hazard.service';
export {
  hazardsOfOrders,
  orderNosWithHazards,
  orderNosWithHazardChangesSince,
  type HazardReportRow,
} from './inspections/hazardReports';
export { installWorkOrderDefaults } from './config/configs';
export { INSTALLATION_STAGES } from './config/defaults';
// Cost per order type and area (materials from the catalogue, hours) for the KPI cockpit.
export { orderCostFacts, orderCostSummary, type OrderCostFact } from './field/orderCosts';
export { forgetOrderContact } from './erasure';
