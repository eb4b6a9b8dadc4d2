/** Admin: node sequences, SLA policies, business calendars, dispatch rules and the dispatch dry run. */
import * as T from '@portal/types';
import { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { auditBy } from '../../../platform/audit';
import { access, collectRoutes } from '../../../platform/http/route';
import { decideDispatch } from '../dispatch/dispatch.service';
import { nodeConfig } from './configs';
import {
  deleteDispatchRule,
  deleteSlaPolicy,
  dispatchTeams,
  listCalendars,
  listDispatchRules,
  listSlaPolicies,
  putCalendar,
  putDispatchRule,
  putNodeConfig,
  putSlaPolicy,
  renameTeam,
} from './configAdmin.service';

const ADMIN = access.staff('admin');
const READ = access.staff('admin', 'supervisor', 'dispatcher', 'manager');

export const configRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    const by = (auth: Parameters<typeof auditBy>[0], requestId: string) =>
      auditBy(auth, requestId, deps.clock.now());
    r.get(
      '/api/admin/work-order-nodes/:type',
      {
        operationId: 'getNodeConfig',
        summary: '工单节点配置',
        tags: ['workorder-admin'],
        access: READ,
        params: T.TypeParams,
        response: T.NodeConfig,
      },
      ({ params }) => nodeConfig(params.type),
    );
    r.put(
      '/api/admin/work-order-nodes/:type',
      {
        operationId: 'putNodeConfig',
        summary: '修改工单节点配置',
        tags: ['workorder-admin'],
        access: ADMIN,
        params: T.TypeParams,
        body: T.NodeConfigBody,
        response: T.NodeConfig,
      },
      ({ params, body, auth, ctx }) => putNodeConfig(params.type, body, by(auth, ctx.state.requestId)),
    );
    r.get(
      '/api/admin/sla-policies',
      {
        operationId: 'listSlaPolicies',
        summary: 'SLA 时限配置',
        tags: ['workorder-admin'],
        access: READ,
        response: z.array(T.SlaPolicy),
      },
      () => listSlaPolicies(),
    );
    r.put(
      '/api/admin/sla-policies/:key',
      {
        operationId: 'putSlaPolicy',
        summary: '新增或修改 SLA 时限',
        tags: ['workorder-admin'],
        access: ADMIN,
        params: T.KeyParams,
        body: T.SlaPolicyBody,
        response: T.SlaPolicy,
      },
      ({ params, body, auth, ctx }) => putSlaPolicy(params.key, body, by(auth, ctx.state.requestId)),
    );
    r.delete(
      '/api/admin/sla-policies/:key',
      {
        operationId: 'deleteSlaPolicy',
        summary: '删除 SLA 时限',
        tags: ['workorder-admin'],
        access: ADMIN,
        params: T.KeyParams,
        errors: { 404: '不存在' },
      },
      ({ params, auth, ctx }) => deleteSlaPolicy(params.key, by(auth, ctx.state.requestId)),
    );
    r.get(
      '/api/admin/calendars',
      {
        operationId: 'listCalendars',
        summary: '工作日历',
        tags: ['workorder-admin'],
        access: READ,
        response: z.array(T.BusinessCalendar),
      },
      () => listCalendars(),
    );
    r.put(
      '/api/admin/calendars/:key',
      {
        operationId: 'putCalendar',
        summary: '修改工作日历(班次、节假日、调休)',
        tags: ['workorder-admin'],
        access: ADMIN,
        params: T.KeyParams,
        body: T.BusinessCalendarBody,
        response: T.BusinessCalendar,
      },
      ({ params, body, auth, ctx }) => putCalendar(params.key, body, by(auth, ctx.state.requestId)),
    );
    r.get(
      '/api/admin/dispatch-rules',
      {
        operationId: 'listDispatchRules',
        summary: '派单规则',
        tags: ['workorder-admin'],
        access: READ,
        response: z.array(T.DispatchRule),
      },
      () => listDispatchRules(),
    );
    r.get(
      '/api/admin/dispatch-teams',
      {
        operationId: 'listDispatchTeams',
        summary: '派单用的班组与技能,及各班组具备各技能的在用技师人数',
        description:
          'For the rule and staff editors: every team and skill a rule or an active technician names, and per team and skill how many active technicians (and how many on shift) could take a rule’s orders.',
        tags: ['workorder-admin'],
        access: READ,
        response: T.DispatchTeams,
      },
      () => dispatchTeams(),
    );
    r.post(
      '/api/admin/dispatch-teams/rename',
      {
        operationId: 'renameDispatchTeam',
        summary: '重命名或合并班组',
        description:
          'The new name in every dispatch rule, staff member and open work order of the team; a name already in use merges the two teams. Finished orders keep their name.',
        tags: ['workorder-admin'],
        access: ADMIN,
        body: T.RenameTeamBody,
        response: T.TeamRenamed,
        errors: { 404: '没有规则或人员属于该班组' },
      },
      ({ body, auth, ctx }) => renameTeam(body, by(auth, ctx.state.requestId)),
    );
    r.put(
      '/api/admin/dispatch-rules/:key',
      {
        operationId: 'putDispatchRule',
        summary: '新增或修改派单规则',
        tags: ['workorder-admin'],
        access: ADMIN,
        params: T.KeyParams,
        body: T.DispatchRuleBody,
        response: T.DispatchRule,
      },
      ({ params, body, auth, ctx }) => putDispatchRule(params.key, body, by(auth, ctx.state.requestId)),
    );
    r.delete(
      '/api/admin/dispatch-rules/:key',
      {
        operationId: 'deleteDispatchRule',
        summary: '删除派单规则',
        tags: ['workorder-admin'],
        access: ADMIN,
        params: T.KeyParams,
        errors: { 404: '不存在' },
      },
      ({ params, auth, ctx }) => deleteDispatchRule(params.key, by(auth, ctx.state.requestId)),
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
      ({ body }) => decideDispatch({ ...body, now: deps.clock.now() }),
    );
  });
