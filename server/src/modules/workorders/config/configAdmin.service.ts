/**
 * The admin side of the configuration-as-data: node sequences, SLA policies, calendars, dispatch rules.
 * Every change is in the audit log with who made it and the fields before and after.
 */
import type { Model, RootFilterQuery } from 'mongoose';
import type * as T from '@portal/types';
import { audit, type AuditBy } from '../../../platform/audit';
import { errors } from '../../../platform/http/errors';
import { ALWAYS } from '../../../platform/time';
import { renameStaffTeam, teamHasStaff, technicianCoverage } from '../../accounts';
import { WorkOrderModel } from '../orders/workorder.model';
import { CalendarModel, DispatchRuleModel, NodeConfigModel, SlaPolicyModel } from './config.model';
import { businessCalendar, nodeConfig, slaPolicies } from './configs';

const strip = { _id: 0, __v: 0, createdAt: 0, updatedAt: 0 };

/**
 * Writes one configuration document (by its key field) and records the change; a create has no `before`. The
 * document is replaced, as a PUT says: a field the editor left out (a rule widened to every area, a policy to
 * every category) is gone, not kept from before.
 */
async function putAudited<T, D extends Record<string, unknown>>(
  model: Model<T>,
  kind: string,
  key: [field: string, value: string],
  doc: D,
  by: AuditBy,
): Promise<D> {
  const filter = { [key[0]]: key[1] } as RootFilterQuery<T>;
  const before = await model.findOneAndReplace(filter, doc, { upsert: true, projection: strip }).lean();
  await audit.record({
    ...by,
    action: `${kind}.put`,
    target: { kind, id: key[1] },
    before: (before as Record<string, unknown> | null) ?? null,
    after: doc,
  });
  return doc;
}

/** Deletes one configuration document and records what it was; false when there was none. */
async function deleteAudited<T>(model: Model<T>, kind: string, key: string, by: AuditBy): Promise<boolean> {
  const before = await model.findOneAndDelete({ key } as RootFilterQuery<T>, { projection: strip }).lean();
  if (!before) return false;
  await audit.record({
    ...by,
    action: `${kind}.delete`,
    target: { kind, id: key },
    before: before as Record<string, unknown>,
    after: null,
  });
  return true;
}

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

/** Why a policy's clock cannot run on a flow of these node keys, by field; none when it can. */
function clockProblems(
  p: Pick<T.SlaPolicyBody, 'startNode' | 'targetNode'>,
  keys: string[],
): { field: 'startNode' | 'targetNode'; message: string }[] {
  const start = keys.indexOf(p.startNode);
  const target = keys.indexOf(p.targetNode);
  const problems: { field: 'startNode' | 'targetNode'; message: string }[] = [];
  if (start < 0) problems.push({ field: 'startNode', message: '起始节点不在该类型工单的流程中' });
  if (target < 0) problems.push({ field: 'targetNode', message: '目标节点不在该类型工单的流程中' });
  else if (start >= 0 && target <= start)
    problems.push({ field: 'targetNode', message: '目标节点须在起始节点之后' });
  return problems;
}

/**
 * A flow is refused while an enabled SLA policy of its type times a node it drops, or two it puts in the other
 * order: the clock would silently stop starting (or never stop). The admin changes or disables the policy first.
 */
async function checkFlowKeepsClocks(cfg: T.NodeConfig): Promise<void> {
  const keys = cfg.nodes.map((n) => n.key);
  const [policies, before] = await Promise.all([slaPolicies(cfg.type), nodeConfig(cfg.type)]);
  const labelOf = (key: string) => before.nodes.find((n) => n.key === key)?.label ?? key;
  const problems = policies.flatMap((p) => {
    const [why] = clockProblems(p, keys);
    const clock = `${labelOf(p.startNode)} → ${labelOf(p.targetNode)}`;
    return why
      ? [
          {
            path: 'body.nodes',
            message: `时限「${p.label}」(${clock}):${why.message},请先在时限配置中修改或停用它`,
          },
        ]
      : [];
  });
  if (problems.length) throw errors.validation(problems);
}

export async function putNodeConfig(
  type: T.NodeConfig['type'],
  body: T.NodeConfigBody,
  by: AuditBy,
): Promise<T.NodeConfig> {
  const cfg = { type, nodes: body.nodes };
  checkNodes(cfg);
  await checkFlowKeepsClocks(cfg);
  return putAudited(NodeConfigModel, 'workOrderNodes', ['type', type], cfg, by);
}

export const listSlaPolicies = () =>
  SlaPolicyModel.find({}, strip).sort({ type: 1, key: 1 }).lean<T.SlaPolicy[]>();

/**
 * A policy that could never run, or would run on another clock than meant, is refused: its nodes are nodes of
 * its type's flow, the target after the start; its calendar exists (an unknown one would count around the clock,
 * silently); and 超时改派 times an assignee who has not accepted, so it starts at 派单.
 */
async function checkSlaPolicy(body: T.SlaPolicyBody): Promise<void> {
  const roundTheClock = body.calendar === ALWAYS.key;
  const [{ nodes }, cal] = await Promise.all([
    nodeConfig(body.type),
    roundTheClock ? null : businessCalendar(body.calendar),
  ]);
  const keys = nodes.map((n) => n.key);
  const problems: { path: string; message: string }[] = [];
  for (const c of clockProblems(body, keys)) problems.push({ path: `body.${c.field}`, message: c.message });
  if (!roundTheClock && !cal) problems.push({ path: 'body.calendar', message: '工作日历不存在' });
  if (body.onBreach === 'reassign' && body.startNode !== 'dispatched')
    problems.push({ path: 'body.onBreach', message: '超时改派只适用于从派单开始计时的时限' });
  if (problems.length) throw errors.validation(problems);
}

export async function putSlaPolicy(key: string, body: T.SlaPolicyBody, by: AuditBy) {
  await checkSlaPolicy(body);
  return putAudited(SlaPolicyModel, 'slaPolicy', ['key', key], { ...body, key }, by);
}

export async function deleteSlaPolicy(key: string, by: AuditBy): Promise<void> {
  if (!(await deleteAudited(SlaPolicyModel, 'slaPolicy', key, by))) throw errors.slaPolicyNotFound();
}

export const listCalendars = () => CalendarModel.find({}, strip).lean<T.BusinessCalendar[]>();

export async function putCalendar(key: string, body: T.BusinessCalendarBody, by: AuditBy) {
  return putAudited(CalendarModel, 'calendar', ['key', key], { ...body, key }, by);
}

export const listDispatchRules = () =>
  DispatchRuleModel.find({}, strip).sort({ order: 1, key: 1 }).lean<T.DispatchRule[]>();

/** Teams and skills in Chinese collation order (拼音), as staff look for them in a list. */
const byName = (names: Iterable<string>) => [...new Set(names)].sort((a, b) => a.localeCompare(b, 'zh-CN'));

/**
 * The teams and skills the rules and the active technicians name, and how many technicians each team has with
 * each skill (listDispatchTeams): two reads, whatever the number of rules or staff.
 */
export async function dispatchTeams(): Promise<T.DispatchTeams> {
  const [rules, rows] = await Promise.all([
    DispatchRuleModel.find({}, { team: 1, skill: 1 }).lean<Pick<T.DispatchRule, 'team' | 'skill'>[]>(),
    technicianCoverage(),
  ]);
  const coverage = rows.flatMap((r) => (r.skill === null ? [] : [{ ...r, skill: r.skill }]));
  return {
    teams: byName([...rules.map((r) => r.team), ...rows.map((r) => r.team)]),
    skills: byName([...rules.map((r) => r.skill), ...coverage.map((r) => r.skill)]),
    coverage: coverage.sort(
      (a, b) => a.team.localeCompare(b.team, 'zh-CN') || a.skill.localeCompare(b.skill, 'zh-CN'),
    ),
  };
}

export async function putDispatchRule(key: string, body: T.DispatchRuleBody, by: AuditBy) {
  return putAudited(DispatchRuleModel, 'dispatchRule', ['key', key], { ...body, key }, by);
}

export async function deleteDispatchRule(key: string, by: AuditBy): Promise<void> {
  if (!(await deleteAudited(DispatchRuleModel, 'dispatchRule', key, by))) throw errors.dispatchRuleNotFound();
}

/**
 * 重命名班组: the team's new name in every dispatch rule, staff member and open work order that names it, and one
 * audit entry with the counts. A name already a team's merges the two. Finished orders keep the name they were
 * worked under, as do the KPI figures already counted for them. Refused, changing nothing, when no rule or staff
 * member names the team.
 */
export async function renameTeam(body: T.RenameTeamBody, by: AuditBy): Promise<T.TeamRenamed> {
  const { from, to } = body;
  if (from === to) throw errors.validation([{ path: 'body.to', message: '新名称与原名称相同' }]);
  const [fromKnown, fromStaffed, toRules, toStaffed] = await Promise.all([
    DispatchRuleModel.exists({ team: from }),
    teamHasStaff(from),
    DispatchRuleModel.exists({ team: to }),
    teamHasStaff(to),
  ]);
  if (!fromKnown && !fromStaffed) throw errors.teamNotFound();
  const [rules, staff, openOrders] = await Promise.all([
    DispatchRuleModel.updateMany({ team: from }, { $set: { team: to } }).then((r) => r.modifiedCount),
    renameStaffTeam(from, to),
    WorkOrderModel.updateMany({ team: from, state: 'open' }, { $set: { team: to } }).then(
      (r) => r.modifiedCount,
    ),
  ]);
  const renamed = { from, to, merged: Boolean(toRules || toStaffed), rules, staff, openOrders };
  await audit.record({
    ...by,
    action: 'dispatchTeam.rename',
    target: { kind: 'dispatchTeam', id: from },
    before: { team: from },
    after: renamed,
  });
  return renamed;
}
