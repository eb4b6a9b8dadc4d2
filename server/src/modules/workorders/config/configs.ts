/**
 * Reads the configuration-as-data, with the seeded defaults behind it. The reads on the path of every new
 * order (nodes, dispatch rules, SLA policies) go through the short-lived cache of configCache.ts.
 */
import type {
  BusinessCalendar,
  DispatchRule,
  NodeConfig,
  NodeDef,
  SlaPolicy,
  WorkOrderType,
} from '@portal/types';
import { ALWAYS, type Calendar } from '../../../platform/time';
import { holidayDates } from '../../holidays';
import { cachedConfig } from './configCache';
import {
  AreaCentreModel,
  CalendarModel,
  DispatchRuleModel,
  NodeConfigModel,
  SlaPolicyModel,
} from './config.model';
import {
  DEFAULT_CALENDARS,
  DEFAULT_DISPATCH_RULES,
  DEFAULT_NODE_CONFIGS,
  DEFAULT_SLA_POLICIES,
} from './defaults';

export async function nodeConfig(type: string): Promise<NodeConfig> {
  const stored = await cachedConfig(`nodes:${type}`, () => NodeConfigModel.findOne({ type }).lean());
  if (stored) return { type: stored.type as WorkOrderType, nodes: stored.nodes as NodeDef[] };
  return DEFAULT_NODE_CONFIGS[type as WorkOrderType] ?? DEFAULT_NODE_CONFIGS.repair;
}

/** The node configurations of several types in one round trip (list pages), by type. */
export async function nodeConfigs(types: string[]): Promise<Map<string, NodeConfig>> {
  const wanted = [...new Set(types)];
  const stored = wanted.length ? await NodeConfigModel.find({ type: { $in: wanted } }).lean() : [];
  const byType = new Map(
    stored.map((c) => [c.type, { type: c.type as WorkOrderType, nodes: c.nodes as NodeDef[] }]),
  );
  return new Map(
    wanted.map((t) => [
      t,
      byType.get(t) ?? DEFAULT_NODE_CONFIGS[t as WorkOrderType] ?? DEFAULT_NODE_CONFIGS.repair,
    ]),
  );
}

export async function slaPolicies(type: string): Promise<SlaPolicy[]> {
  return cachedConfig(`sla:${type}`, () =>
    SlaPolicyModel.find({ type, enabled: true }, { _id: 0, __v: 0, createdAt: 0, updatedAt: 0 }).lean<
      SlaPolicy[]
    >(),
  );
}

/** A business calendar by key: the stored one, else the default of that key; null when there is none. */
export async function businessCalendar(key: string): Promise<BusinessCalendar | null> {
  const stored = await CalendarModel.findOne({ key }).lean<BusinessCalendar>();
  return stored ?? DEFAULT_CALENDARS.find((d) => d.key === key) ?? null;
}

/**
 * A working calendar: its weekly shifts, the public holidays and make-up working days entered per year
 * (the holidays feature), and any days the calendar itself adds. A year with no holidays entered is
 * simply its working week.
 */
export async function calendar(key: string): Promise<Calendar> {
  if (key === ALWAYS.key) return ALWAYS;
  const [c, national] = await Promise.all([businessCalendar(key), holidayDates()]);
  if (!c) return ALWAYS;
  return {
    key: c.key,
    week: c.week,
    holidays: new Set([...national.holidays, ...c.holidays]),
    workdays: new Set([...national.workdays, ...c.workdays]),
  };
}

export type AreaCentreRow = { areaPrefix: string; label: string; lat: number; lng: number };

/** Every area centre (a few hundred at most), cached like the rules: dispatch reads them on every order. */
export async function areaCentres(): Promise<AreaCentreRow[]> {
  return cachedConfig('areaCentres', () =>
    AreaCentreModel.find({}, { _id: 0, areaPrefix: 1, label: 1, lat: 1, lng: 1 }).lean<AreaCentreRow[]>(),
  );
}

/** The centre of the most specific area covering the areaCode ('CY-WJY' before 'CY'). */
export function centreOf(centres: AreaCentreRow[], areaCode: string): AreaCentreRow | undefined {
  return centres
    .filter((c) => areaCode === c.areaPrefix || areaCode.startsWith(`${c.areaPrefix}-`))
    .sort((a, b) => b.areaPrefix.length - a.areaPrefix.length)[0];
}

export async function dispatchRules(): Promise<DispatchRule[]> {
  return cachedConfig('dispatchRules', () =>
    DispatchRuleModel.find({ enabled: true }, { _id: 0, __v: 0, createdAt: 0, updatedAt: 0 }).lean<
      DispatchRule[]
    >(),
  );
}

/** Writes the defaults where nothing is stored yet (first start, demo seed, tests). Never overwrites edits. */
export async function installWorkOrderDefaults(opts: { dispatchRules?: boolean } = {}): Promise<void> {
  const upserts = <T extends object>(items: T[], key: keyof T) =>
    items.map((doc) => ({
      updateOne: { filter: { [key]: doc[key] }, update: { $setOnInsert: doc }, upsert: true },
    }));
  await SlaPolicyModel.bulkWrite(upserts(DEFAULT_SLA_POLICIES, 'key') as never);
  await CalendarModel.bulkWrite(upserts(DEFAULT_CALENDARS, 'key') as never);
  await NodeConfigModel.bulkWrite(upserts(Object.values(DEFAULT_NODE_CONFIGS), 'type') as never);
  if (opts.dispatchRules !== false)
    await DispatchRuleModel.bulkWrite(upserts(DEFAULT_DISPATCH_RULES, 'key') as never);
}
