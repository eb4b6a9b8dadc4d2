/** Visit slots (half-day windows per area and order type) with a guarded seat counter, and bookings. */
import mongoose, { Schema } from 'mongoose';
import { overStrings } from '../../../platform/db/stringIndex';

const slotSchema = new Schema(
  {
    /** areaCode prefix the slot serves ("CY" serves every CY-… community). */
    areaCode: { type: String, required: true },
    type: { type: String, required: true },
    date: { type: String, required: true },
    window: { type: String, enum: ['am', 'pm'], required: true },
    startAt: { type: Date, required: true },
    endAt: { type: Date, required: true },
    capacity: { type: Number, required: true },
    /** Seats left: taken with {remaining: {$gt: 0}} + $inc -1 in one update, so it never goes below zero. */
    remaining: { type: Number, required: true },
    /** The hold or blackout that takes it out of booking (capacity.service.ts); its bookings stay. */
    heldBy: { type: String, default: null },
    heldKind: { type: String, enum: ['hold', 'blackout', null], default: null },
    /** Generated from this template (slot templates); absent for slots opened by hand. */
    templateId: { type: String },
  },
  { timestamps: true, collection: 'slots' },
);
slotSchema.index({ areaCode: 1, type: 1, date: 1, window: 1 }, { unique: true });
slotSchema.index({ type: 1, startAt: 1 });
// The area codes with slots in a hold's days (capacity.service.ts holdSlotFilter), from the index alone: without it,
// each hold or blackout read every slot ever generated.
slotSchema.index({ date: 1, areaCode: 1 });
slotSchema.index(...overStrings({ heldBy: 1 }));
export const SlotModel = mongoose.model('Slot', slotSchema);

const appointmentSchema = new Schema(
  {
    slotId: { type: String, required: true },
    orderNo: { type: String, required: true },
    accountNo: { type: String, required: true },
    startAt: { type: Date, required: true },
    endAt: { type: Date, required: true },
    label: { type: String, required: true },
    status: { type: String, enum: ['booked', 'cancelled', 'done'], default: 'booked' },
    /** Bumped on reschedule; the reminder's dedupe key carries it. */
    revision: { type: Number, default: 0 },
    bookedBy: { kind: String, id: String },
  },
  { timestamps: true, collection: 'appointments' },
);
appointmentSchema.index({ orderNo: 1, status: 1 });
appointmentSchema.index({ accountNo: 1, startAt: -1 });
// A hold's or a blackout's bookings, by the slots it covers (capacity.service.ts bookingsIn): without it, every hold
// on the 预约时段 screen read every appointment ever booked.
appointmentSchema.index({ slotId: 1, status: 1 });
// A resident's bookings, which 注销 detaches (erasure.ts): without it, each 注销 read every appointment.
appointmentSchema.index({ 'bookedBy.id': 1 }, { partialFilterExpression: { 'bookedBy.kind': 'resident' } });
export const AppointmentModel = mongoose.model('Appointment', appointmentSchema);
