/** Configuration as data, editable by admins: node sequences, SLA policies, calendars, dispatch rules. */
import mongoose, { Schema } from 'mongoose';
import { forgetConfig } from './configCache';

/** Every write through these models clears this process's configuration cache (configCache.ts). */
function clearsConfigCache(schema: Schema): Schema {
  schema.post(/^(update|replace|delete|findOneAnd)/, forgetConfig);
  schema.post('save', forgetConfig);
  schema.post('insertMany', forgetConfig);
  schema.post('bulkWrite', forgetConfig);
  return schema;
}

const nodeConfigSchema = new Schema(
  {
    type: { type: String, required: true },
    nodes: {
      type: [
        {
          _id: false,
          key: String,
          label: String,
          action: String,
          roles: [String],
          assigneeOnly: Boolean,
          residentText: String,
        },
      ],
      required: true,
    },
  },
  { timestamps: true, collection: 'workOrderNodeConfigs' },
);
nodeConfigSchema.index({ type: 1 }, { unique: true });
export const NodeConfigModel = mongoose.model('WorkOrderNodeConfig', clearsConfigCache(nodeConfigSchema));

const slaPolicySchema = new Schema(
  {
    key: { type: String, required: true },
    label: { type: String, required: true },
    type: { type: String, required: true },
    category: String,
    priority: String,
    startNode: { type: String, required: true },
    targetNode: { type: String, required: true },
    minutes: { type: Number, required: true },
    calendar: { type: String, default: '24x7' },
    onBreach: { type: String, enum: ['escalate', 'reassign'], default: 'escalate' },
    enabled: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'slaPolicies' },
);
slaPolicySchema.index({ key: 1 }, { unique: true });
slaPolicySchema.index({ type: 1, enabled: 1 });
export const SlaPolicyModel = mongoose.model('SlaPolicy', clearsConfigCache(slaPolicySchema));

const calendarSchema = new Schema(
  {
    key: { type: String, required: true },
    label: { type: String, required: true },
    week: { type: [[{ _id: false, start: String, end: String }]], required: true },
    holidays: { type: [String], default: [] },
    workdays: { type: [String], default: [] },
  },
  { timestamps: true, collection: 'businessCalendars' },
);
calendarSchema.index({ key: 1 }, { unique: true });
export const CalendarModel = mongoose.model('BusinessCalendar', clearsConfigCache(calendarSchema));

const dispatchRuleSchema = new Schema(
  {
    key: { type: String, required: true },
    label: { type: String, required: true },
    type: String,
    areaPrefix: String,
    category: String,
    team: { type: String, required: true },
    skill: { type: String, required: true },
    order: { type: Number, default: 100 },
    enabled: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'dispatchRules' },
);
dispatchRuleSchema.index({ key: 1 }, { unique: true });
dispatchRuleSchema.index({ enabled: 1, order: 1 });
export const DispatchRuleModel = mongoose.model('DispatchRule', clearsConfigCache(dispatchRuleSchema));

/** 片区中心点: where dispatch measures from when the household's own position is not known. */
const areaCentreSchema = new Schema(
  {
    areaPrefix: { type: String, required: true },
    label: { type: String, required: true },
    lat: { type: Number, required: true },
    lng: { type: Number, required: true },
  },
  { timestamps: true, collection: 'areaCentres' },
);
areaCentreSchema.index({ areaPrefix: 1 }, { unique: true });
export const AreaCentreModel = mongoose.model('AreaCentre', clearsConfigCache(areaCentreSchema));
