/** workOrders: one service request with its node history, assignee, SLA summary, rating and external link. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { overStrings } from '../../../platform/db/stringIndex';

const actorSchema = new Schema(
  { kind: { type: String, required: true }, id: String, name: String },
  { _id: false },
);

const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    action: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    by: { type: actorSchema, required: true },
    note: String,
    photos: { type: [String], default: undefined },
    location: { type: { lat: Number, lng: Number }, default: undefined },
  },
  { _id: false },
);

const workOrderSchema = new Schema(
  {
    orderNo: { type: String, required: true },
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    utility: { type: String },
    type: { type: String, required: true },
    category: { type: String, required: true },
    priority: { type: String, required: true },
    /** Current node key of the type's configured sequence. */
    status: { type: String, required: true },
    state: {
      type: String,
      enum: ['open', 'resolved', 'closed', 'cancelled'],
      default: 'open',
      required: true,
    },
    /** Waiting on the customer: SLA clocks are paused. */
    onHold: { type: Boolean, default: false },
    description: { type: String, required: true },
    address: { type: String, required: true },
    contactPhone: { type: String },
    contactName: { type: String },
    location: { type: { lat: Number, lng: Number }, default: undefined },
    photos: { type: [String], default: [] },
    channel: { type: String },
    createdBy: { type: actorSchema, required: true },
    /** Residents bound at creation who asked (the resident who filed it). */
    residentUserId: { type: String },

    queue: { type: String, enum: ['none', 'dispatch'], default: 'none' },
    team: { type: String },
    skill: { type: String },
    dispatchRule: { type: String },
    assigneeId: { type: String },
    assigneeName: { type: String },
    assigneePhone: { type: String },
    /** Technicians who declined or timed out, skipped by re-dispatch. */
    passedOver: { type: [String], default: [] },
    eta: { type: Date },
    appointmentId: { type: String },
    appointmentStartAt: { type: Date },
    appointmentEndAt: { type: Date },

    escalated: { type: Boolean, default: false },
    escalationLevel: { type: Number, default: 0 },
    /** Earliest running SLA deadline, for the board's countdown and sorting. */
    slaDueAt: { type: Date },
    /**
     * The staff list's first two keys, kept by the hooks below from `state` and `slaDueAt` on every write:
     * STATE_RANK of the state, and the running deadline or NO_DEADLINE. Sorted on `state` and `slaDueAt`
     * themselves, the list put cancelled orders first (the states' alphabetical order) and, among open ones,
     * those with no deadline running (inspections, orders on hold) before the ones about to breach.
     */
    stateRank: { type: Number },
    listDueAt: { type: Date },

    materials: {
      type: [
        {
          /** Catalogue code (field/materials): the name, unit and cost are copied from it when recorded. */
          code: String,
          name: String,
          spec: String,
          quantity: Number,
          unit: String,
          unitPriceFen: Number,
          costFen: Number,
        },
      ],
      default: [],
    },
    labourMinutes: { type: Number },
    /** Sum of the catalogue materials' costs (fen), and when the technician recorded them (field/orderWork). */
    materialCostFen: { type: Number },
    workRecordedAt: { type: Date },
    attempts: { type: Number, default: 0 },
    unreachable: { type: Boolean, default: false },
    inspectionPlanId: { type: String },
    inspectionCycle: { type: Number },

    rating: {
      type: { score: Number, tags: [String], comment: String, at: Date },
      default: undefined,
    },
    resolvedAt: { type: Date },
    closedAt: { type: Date },
    reopenCount: { type: Number, default: 0 },
    /** Approved only through the feature that filed it (an online 过户/销户 application): its rules and effects. */
    approvalVia: { type: String },
    /** An order another feature files for a business event ('valve:<orderNo>'): unique, so a replay files it once. */
    sourceKey: { type: String },
    /** 过户/销户: when the account's bindings and QR codes were revoked for this order (occupancy.ts). */
    occupancyAppliedAt: { type: Date },
    /** Bumped on every change: notifications and external updates key on it. */
    seq: { type: Number, default: 0 },
    history: { type: [historySchema], default: [] },

    /** Forwarded to an external work-order system. */
    external: {
      type: {
        mode: String,
        ref: String,
        lastEventAt: Date,
        lastStatus: String,
        technicianName: String,
        technicianPhone: String,
        /**
         * Set by the write that changes a forwarded order, cleared once its push is in the outbox; a crash
         * between the two leaves it for the repair sweep (external/gateway.ts). createUnqueued: the same for
         * the first push (the create), which every later push needs to have gone first.
         */
        unqueued: Boolean,
        createUnqueued: Boolean,
      },
      default: undefined,
    },
  },
  { timestamps: true, collection: 'workOrders' },
);

workOrderSchema.index({ orderNo: 1 }, { unique: true });
workOrderSchema.index({ 'external.unqueued': 1 }, { sparse: true });
workOrderSchema.index(...overStrings({ sourceKey: 1 }, { unique: true }));
// The approval queues (开户/过户/销户, 报停/恢复): the open orders a feature files for approval, by area.
workOrderSchema.index(...overStrings({ approvalVia: 1, state: 1, areaCode: 1 }));
workOrderSchema.index({ accountNo: 1, createdAt: -1 });
// A resident's own orders (listMine's second $or branch: orders they filed for an account no longer bound).
workOrderSchema.index({ residentUserId: 1, createdAt: -1 });
workOrderSchema.index({ state: 1, areaCode: 1, createdAt: -1 });
// The staff list's order (listForStaff: open first, then the nearest deadline, then the newest): without it,
// mongod read and sorted every order the utility ever had for each page of the unfiltered list.
workOrderSchema.index({ stateRank: 1, listDueAt: 1, createdAt: -1 });
// 未入户 (inspection/unreachable.service.ts): the households an inspection could not reach, latest closed first.
workOrderSchema.index(
  { closedAt: -1, orderNo: 1 },
  { partialFilterExpression: { type: 'inspection', unreachable: true } },
);
workOrderSchema.index({ assigneeId: 1, state: 1 });
workOrderSchema.index({ queue: 1, state: 1 });
workOrderSchema.index({ escalated: 1, state: 1 });
workOrderSchema.index({ type: 1, createdAt: -1 });
// Reports (the KPI roll-up): orders by creation day, and what changed since the last run.
workOrderSchema.index({ createdAt: 1 });
// Cost per order type and area (field/orderCosts.ts): orders with recorded work by completion time.
workOrderSchema.index({ resolvedAt: 1 }, { partialFilterExpression: { workRecordedAt: { $type: 'date' } } });
workOrderSchema.index({ updatedAt: 1 });
workOrderSchema.index(...overStrings({ inspectionPlanId: 1, inspectionCycle: 1, accountNo: 1 }));

/** The staff list's order of states: what still needs work first, what was withdrawn last. */
export const STATE_RANK = { open: 0, resolved: 1, closed: 2, cancelled: 3 } as const;
/** `listDueAt` of an order with no deadline running: after every real one. */
export const NO_DEADLINE = new Date('9999-12-31T00:00:00Z');

function rankOf(state: unknown): number {
  const rank = STATE_RANK[state as keyof typeof STATE_RANK];
  if (rank === undefined) throw new Error(`work order state ${String(state)} has no rank`);
  return rank;
}

/** The list keys of an order written whole (create, insertMany, save). */
workOrderSchema.pre('validate', function () {
  this.stateRank = rankOf(this.state);
  this.listDueAt = this.slaDueAt ?? NO_DEADLINE;
});

/**
 * The list keys of an order changed in place: derived from what the update sets of `state` and `slaDueAt`, so
 * no write can change one without the other. A pipeline update or a replacement would bypass this, so none may.
 */
workOrderSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function () {
  const update = this.getUpdate();
  if (!update) return;
  if (Array.isArray(update))
    throw new Error('work orders take no pipeline update: it would bypass the list keys');
  const set: Record<string, unknown> = { ...(update.$set as object) };
  for (const [k, v] of Object.entries(update)) if (!k.startsWith('$')) set[k] = v;
  const derived: Record<string, unknown> = {};
  if ('state' in set) derived.stateRank = rankOf(set.state);
  if ('slaDueAt' in set) derived.listDueAt = set.slaDueAt ?? NO_DEADLINE;
  else if (update.$unset && 'slaDueAt' in update.$unset) derived.listDueAt = NO_DEADLINE;
  // An upsert that inserts: from what it sets on insert, else the schema's default state.
  const onInsert: Record<string, unknown> = { ...(update.$setOnInsert as object) };
  if (this.getOptions().upsert) {
    if (!('stateRank' in derived)) onInsert.stateRank = rankOf(onInsert.state ?? 'open');
    if (!('listDueAt' in derived)) onInsert.listDueAt = onInsert.slaDueAt ?? NO_DEADLINE;
  }
  this.setUpdate({
    ...update,
    ...(Object.keys(derived).length ? { $set: { ...(update.$set as object), ...derived } } : {}),
    ...(Object.keys(onInsert).length ? { $setOnInsert: onInsert } : {}),
  });
});
workOrderSchema.pre(['replaceOne', 'findOneAndReplace'], function () {
  throw new Error('work orders are changed field by field: a replacement would bypass the list keys');
});

export type WorkOrder = InferSchemaType<typeof workOrderSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const WorkOrderModel = mongoose.model('WorkOrder', workOrderSchema);

/** Daily counters for order numbers: WO + yyyymmdd + 4-digit sequence (more digits past 9999). */
const counterSchema = new Schema(
  { _id: String, n: { type: Number, default: 0 } },
  { collection: 'workOrderCounters' },
);
export const WorkOrderCounterModel = mongoose.model('WorkOrderCounter', counterSchema);
