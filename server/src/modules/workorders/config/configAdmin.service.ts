/** The admin side of the configuration-as-data: node sequences, SLA policies, calendars, dispatch rules. */
import type * as T from '@portal/types';
import { errors } from '../../../platform/http/errors';
import { CalendarModel, DispatchRuleModel, NodeConfigModel, SlaPolicyModel } from './config.model';

const strip = { _id: 0, __v: 0, createdAt: 0, updatedAt: 0 };

function checkNodes(cfg: T.NodeConfig): void {
  const keys = cfg.nodes.map((n) => n.key);
  const problems: { path: string; message: string }[] = [];
  if (new Set(keys).size !== keys.length) problems.push({ path: 'body.nodes', message: '节点 key 重复' });
  if (keys[0] !== 'accepted' || cfg.nodes[0].action)
    problems.push({ path: 'body.nodes.0', message: '第一个节点必须是 accepted(受理),且没有动作' });
  if (!keys.includes('completed'))
    problems.push({ path: 'body.nodes', message: '必须包含 completed(完工/办结)节点' });
  cfg.nodes.forEach((n, i) => {
    if (i > 0 && !n.action && n.key !== 'rated')
      problems.push({ path: `body.nodes.${i}.action`, message: '除评价节点外,每个节点都要有进入它的动作' });
  });
  if (problems.length) throw errors.validation(problems);
}

export async function putNodeConfig(
  type: T.NodeConfig['type'],
  body: T.NodeConfigBody,
): Promise<T.NodeConfig> {
  const cfg = { type, nodes: body.nodes };
  checkNodes(cfg);
  await NodeConfigModel.updateOne({ type }, { $set: cfg }, { upsert: true });
  return cfg;
}

export const listSlaPolicies = () =>
  SlaPolicyModel.find({}, strip).sort({ type: 1, key: 1 }).lean<T.SlaPolicy[]>();

export async function putSlaPolicy(key: string, body: T.SlaPolicyBody) {
  const doc = { ...body, key };
  await SlaPolicyModel.updateOne({ key }, { $set: doc }, { upsert: true });
  return doc;
}

export async function deleteSlaPolicy(key: string): Promise<void> {
  if (!(await SlaPolicyModel.deleteOne({ key })).deletedCount) throw errors.slaPolicyNotFound();
}

export const listCalendars = () => CalendarModel.find({}, strip).lean<T.BusinessCalendar[]>();

export async function putCalendar(key: string, body: T.BusinessCalendarBody) {
  const doc = { ...body, key };
  await CalendarModel.updateOne({ key }, { $set: doc }, { upsert: true });
  return doc;
}

export const listDispatchRules = () =>
  DispatchRuleModel.find({}, strip).sort({ order: 1, key: 1 }).lean<T.DispatchRule[]>();

export async function putDispatchRule(key: string, body: T.DispatchRuleBody) {
  const doc = { ...body, key };
  await DispatchRuleModel.updateOne({ key }, { $set: doc }, { upsert: true });
  return doc;
}

export async function deleteDispatchRule(key: string): Promise<void> {
  if (!(await DispatchRuleModel.deleteOne({ key })).deletedCount) throw errors.dispatchRuleNotFound();
}
