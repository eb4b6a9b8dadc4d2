/** Admin: node sequences, SLA policies, business calendars, dispatch rules and the dispatch dry run. */
import * as T from '@portal/types';
import { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { errors } from '../../../platform/http/errors';
import { access, collectRoutes } from '../../../platform/http/route';
import { CalendarModel, DispatchRuleModel, NodeConfigModel, SlaPolicyModel } from './config.model';
import { nodeConfig } from './configs';
import { decideDispatch } from '../dispatch/dispatch.service';

const ADMIN = access.staff('admin');
const READ = access.staff('admin', 'supervisor', 'dispatcher', 'manager');
const strip = { _id: 0, __v: 0, createdAt: 0, updatedAt: 0 };

function checkNodes(cfg: T.NodeConfig): void {
  const keys = cfg.nodes.map((n) => n.key);
  const problems: { path: string; message: string }[] = [];
  if (new Set(keys).size !== keys.length) problems.push({ path: 'body.nodes', message: '节点 key 重复' });
  if (keys[0] !== 'accepted' || cfg.nodes[0].action) problems.push({ path: 'body.nodes.0', message: '第一个节点必须是 accepted(受理),且没有动作' });
  if (!keys.includes('completed')) problems.push({ path: 'body.nodes', message: '必须包含 completed(完工/办结)节点' });
  cfg.nodes.forEach((n, i) => {
    if (i > 0 && !n.action && n.key !== 'rated') problems.push({ path: `body.nodes.${i}.action`, message: '除评价节点外,每个节点都要有进入它的动作' });
  });
  if (problems.length) throw errors.validation(problems);
}

export const configRoutes = (_deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/admin/work-order-nodes/:type',
      { operationId: 'getNodeConfig', summary: '工单节点配置', tags: ['workorder-admin'], access: READ, params: T.TypeParams, response: T.NodeConfig },
      ({ params }) => nodeConfig(params.type),
    );
    r.put(
      '/api/admin/work-order-nodes/:type',
      { operationId: 'putNodeConfig', summary: '修改工单节点配置', tags: ['workorder-admin'], access: ADMIN, params: T.TypeParams, body: T.NodeConfigBody, response: T.NodeConfig },
      async ({ params, body }) => {
        const cfg = { type: params.type, nodes: body.nodes };
        checkNodes(cfg);
        await NodeConfigModel.updateOne({ type: params.type }, { $set: cfg }, { upsert: true });
        return cfg;
      },
    );
    r.get(
      '/api/admin/sla-policies',
      { operationId: 'listSlaPolicies', summary: 'SLA 时限配置', tags: ['workorder-admin'], access: READ, response: z.array(T.SlaPolicy) },
      () => SlaPolicyModel.find({}, strip).sort({ type: 1, key: 1 }).lean<T.SlaPolicy[]>(),
    );
    r.put(
      '/api/admin/sla-policies/:key',
      { operationId: 'putSlaPolicy', summary: '新增或修改 SLA 时限', tags: ['workorder-admin'], access: ADMIN, params: T.KeyParams, body: T.SlaPolicyBody, response: T.SlaPolicy },
      async ({ params, body }) => {
        const doc = { ...body, key: params.key };
        await SlaPolicyModel.updateOne({ key: params.key }, { $set: doc }, { upsert: true });
        return doc;
      },
    );
    r.delete(
      '/api/admin/sla-policies/:key',
      { operationId: 'deleteSlaPolicy', summary: '删除 SLA 时限', tags: ['workorder-admin'], access: ADMIN, params: T.KeyParams, errors: { 404: '不存在' } },
      async ({ params }) => {
        if (!(await SlaPolicyModel.deleteOne({ key: params.key })).deletedCount) throw errors.slaPolicyNotFound();
      },
    );
    r.get(
      '/api/admin/calendars',
      { operationId: 'listCalendars', summary: '工作日历', tags: ['workorder-admin'], access: READ, response: z.array(T.BusinessCalendar) },
      () => CalendarModel.find({}, strip).lean<T.BusinessCalendar[]>(),
    );
    r.put(
      '/api/admin/calendars/:key',
      { operationId: 'putCalendar', summary: '修改工作日历(班次、节假日、调休)', tags: ['workorder-admin'], access: ADMIN, params: T.KeyParams, body: T.BusinessCalendarBody, response: T.BusinessCalendar },
      async ({ params, body }) => {
        const doc = { ...body, key: params.key };
        await CalendarModel.updateOne({ key: params.key }, { $set: doc }, { upsert: true });
        return doc;
      },
    );
    r.get(
      '/api/admin/dispatch-rules',
      { operationId: 'listDispatchRules', summary: '派单规则', tags: ['workorder-admin'], access: READ, response: z.array(T.DispatchRule) },
      () => DispatchRuleModel.find({}, strip).sort({ order: 1, key: 1 }).lean<T.DispatchRule[]>(),
    );
    r.put(
      '/api/admin/dispatch-rules/:key',
      { operationId: 'putDispatchRule', summary: '新增或修改派单规则', tags: ['workorder-admin'], access: ADMIN, params: T.KeyParams, body: T.DispatchRuleBody, response: T.DispatchRule },
      async ({ params, body }) => {
        const doc = { ...body, key: params.key };
        await DispatchRuleModel.updateOne({ key: params.key }, { $set: doc }, { upsert: true });
        return doc;
      },
    );
    r.delete(
      '/api/admin/dispatch-rules/:key',
      { operationId: 'deleteDispatchRule', summary: '删除派单规则', tags: ['workorder-admin'], access: ADMIN, params: T.KeyParams, errors: { 404: '不存在' } },
      async ({ params }) => {
        if (!(await DispatchRuleModel.deleteOne({ key: params.key })).deletedCount) throw errors.dispatchRuleNotFound();
      },
    );
    r.post(
      '/api/admin/dispatch-rules/dry-run',
      {
        operationId: 'dryRunDispatch',
        summary: '派单规则试算',
        description: 'Which rule would fire for a sample order, and who would get it. Changes nothing.',
        tags: ['workorder-admin'],
        access: READ,
        body: T.DispatchDryRunBody,
        response: T.DispatchDecision,
      },
      ({ body }) => decideDispatch(body),
    );
  });
