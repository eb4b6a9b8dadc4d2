/**
 * SLA clocks, one document per clock, stored as deadlines so they survive restarts. A sweep claims a
 * due clock by moving it running → breached in one atomic update: two workers never both escalate it.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const slaTimerSchema = new Schema(
  {
    /** orderNo:policyKey:startSeq, unique: a re-run of the same start never makes a second clock. */
    _id: { type: String, required: true },
    orderNo: { type: String, required: true },
    policyKey: { type: String, required: true },
    label: { type: String, required: true },
    targetNode: { type: String, required: true },
    onBreach: { type: String, enum: ['escalate', 'reassign'], required: true },
    calendar: { type: String, required: true },
    areaCode: { type: String, required: true },
    budgetMs: { type: Number, required: true },
    /** Working time used before the current running stretch (pauses split stretches). */
    consumedMs: { type: Number, default: 0 },
    runningSince: { type: Date },
    deadline: { type: Date },
    status: { type: String, enum: ['running', 'paused', 'met', 'breached', 'stopped'], required: true },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date },
    breachedAt: { type: Date },
    claimedBy: { type: String },
    /** For reassign clocks: the assignee the clock was started for. */
    assigneeId: { type: String },
  },
  { timestamps: true, collection: 'slaTimers' },
);

slaTimerSchema.index({ status: 1, deadline: 1 });
slaTimerSchema.index({ orderNo: 1, status: 1 });
// Reports: clocks changed since the KPI roll-up's last run.
slaTimerSchema.index({ updatedAt: 1 });

export type SlaTimer = InferSchemaType<typeof slaTimerSchema>;
export const SlaTimerModel = mongoose.model('SlaTimer', slaTimerSchema);

/** The escalations inbox: one entry per breached clock (unique), for the area's supervisors. */
const escalationSchema = new Schema(
  {
    _id: { type: String, required: true },
    orderNo: { type: String, required: true },
    policy: { type: String, required: true },
    label: { type: String, required: true },
    areaCode: { type: String, required: true },
    breachedAt: { type: Date, required: true },
    level: { type: Number, required: true },
    supervisorIds: { type: [String], default: [] },
    acknowledgedAt: { type: Date },
  },
  { timestamps: true, collection: 'escalations' },
);
escalationSchema.index({ areaCode: 1, breachedAt: -1 });
escalationSchema.index({ supervisorIds: 1, acknowledgedAt: 1 });
// The city-wide inbox (admin, manager): the open ones, newest first. mongod answers `acknowledgedAt: {$exists:
// false}` from the null keys of a plain index; without it, it read and sorted every escalation ever raised.
escalationSchema.index({ acknowledgedAt: 1, breachedAt: -1 });
export const EscalationModel = mongoose.model('Escalation', escalationSchema);
