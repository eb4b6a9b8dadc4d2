/**
 * The console's work areas and who may use them. The side menu and the route guard both read this
 * table, so a page a role cannot see in the menu is also a page it cannot open by URL.
 * (The server checks roles again on every call; this only keeps people out of screens they cannot use.)
 */
import type { StaffRole } from '@portal/types';

export type WorkAreaKey =
  'customers' | 'chat' | 'workOrders' | 'appointments' | 'billing' | 'notices' | 'cockpit' | 'admin';

export type Screen = { path: string; label: string; roles: readonly StaffRole[] };
export type WorkArea = { key: WorkAreaKey; label: string; roles: readonly StaffRole[]; screens: Screen[] };

export const WORK_AREAS: readonly WorkArea[] = [
  {
    key: 'customers',
    label: '客户',
    roles: ['agent', 'supervisor', 'admin'],
    screens: [
      { path: '/customers', label: '客户查询', roles: ['agent', 'supervisor', 'admin'] },
      { path: '/meter-readings', label: '抄表审核', roles: ['agent', 'supervisor', 'admin'] },
      { path: '/follow-ups', label: '回访任务', roles: ['agent', 'supervisor', 'admin'] },
      { path: '/account-changes', label: '开户/过户/销户/报停审批', roles: ['agent', 'supervisor', 'admin'] },
    ],
  },
  {
    key: 'chat',
    label: '在线客服',
    roles: ['agent'],
    screens: [{ path: '/chat', label: '客服工作台', roles: ['agent'] }],
  },
  {
    key: 'workOrders',
    label: '工单',
    roles: ['dispatcher', 'supervisor', 'technician', 'admin'],
    screens: [
      { path: '/work-orders', label: '工单列表', roles: ['dispatcher', 'supervisor', 'admin'] },
      { path: '/work-orders/board', label: '工单看板', roles: ['dispatcher', 'supervisor', 'admin'] },
      { path: '/work-orders/escalations', label: '升级待办', roles: ['dispatcher', 'supervisor', 'admin'] },
      { path: '/work-orders/mine', label: '我的任务', roles: ['technician'] },
    ],
  },
  {
    key: 'appointments',
    label: '预约与安检',
    roles: ['dispatcher', 'supervisor', 'admin'],
    screens: [
      { path: '/appointments/slots', label: '预约时段', roles: ['dispatcher', 'supervisor', 'admin'] },
      { path: '/appointments/inspections', label: '安检计划', roles: ['supervisor', 'admin'] },
      { path: '/inspections/hazards', label: '隐患统计', roles: ['dispatcher', 'supervisor', 'admin'] },
      { path: '/inspections/unreachable', label: '未遇户回访', roles: ['dispatcher', 'supervisor', 'admin'] },
    ],
  },
  {
    key: 'notices',
    label: '通知',
    roles: ['operator', 'admin'],
    screens: [
      { path: '/notices', label: '停气/停水通知', roles: ['operator', 'admin'] },
      { path: '/notices/new', label: '发布通知', roles: ['operator', 'admin'] },
    ],
  },
  {
    key: 'billing',
    label: '收费',
    roles: ['supervisor', 'admin', 'operator'],
    screens: [
      { path: '/payments', label: '缴费与退款', roles: ['supervisor', 'admin'] },
      { path: '/qr-codes', label: '一户一码', roles: ['supervisor', 'admin', 'operator'] },
      { path: '/meter-routes', label: '抄表区段', roles: ['supervisor', 'admin'] },
    ],
  },
  {
    key: 'cockpit',
    label: '驾驶舱',
    roles: ['manager', 'admin', 'supervisor'],
    screens: [
      { path: '/cockpit', label: '运营指标', roles: ['manager', 'admin', 'supervisor'] },
      { path: '/cockpit/order-costs', label: '工单成本', roles: ['manager', 'admin', 'supervisor'] },
    ],
  },
  {
    key: 'admin',
    label: '管理',
    roles: ['admin', 'supervisor'],
    screens: [
      { path: '/admin/staff', label: '人员与角色', roles: ['admin'] },
      { path: '/admin/dispatch-rules', label: '派单规则', roles: ['admin'] },
      { path: '/admin/work-order-nodes', label: '工单节点', roles: ['admin'] },
      { path: '/admin/sla', label: '时限配置', roles: ['admin'] },
      { path: '/admin/templates', label: '消息模板', roles: ['admin'] },
      { path: '/admin/import', label: '数据导入', roles: ['admin'] },
      { path: '/admin/audit', label: '审计日志', roles: ['admin'] },
      { path: '/admin/holidays', label: '节假日安排', roles: ['supervisor', 'admin'] },
      { path: '/admin/calendars', label: '工作日历', roles: ['admin'] },
      { path: '/admin/inspection-checklists', label: '安检清单', roles: ['admin'] },
      { path: '/admin/materials', label: '物料与片区中心', roles: ['admin'] },
      { path: '/admin/service-halls', label: '营业网点', roles: ['admin'] },
      { path: '/admin/service-guides', label: '业务指南', roles: ['admin'] },
      { path: '/admin/settings', label: '服务设置', roles: ['admin'] },
    ],
  },
];

const mayUse = (roles: readonly StaffRole[], allowed: readonly StaffRole[]) =>
  roles.some((r) => allowed.includes(r));

/** The menu a person sees: only areas and screens at least one of their roles may use. */
export function menuFor(roles: readonly StaffRole[]): WorkArea[] {
  return WORK_AREAS.filter((a) => mayUse(roles, a.roles))
    .map((a) => ({ ...a, screens: a.screens.filter((s) => mayUse(roles, s.roles)) }))
    .filter((a) => a.screens.length > 0);
}

/** The most specific screen a path belongs to (`/work-orders/WO1` → `/work-orders`). */
export function screenFor(pathname: string): Screen | undefined {
  const clean = pathname.replace(/\/+$/, '') || '/';
  let best: Screen | undefined;
  for (const area of WORK_AREAS) {
    for (const s of area.screens) {
      const matches = clean === s.path || clean.startsWith(`${s.path}/`);
      if (matches && (!best || s.path.length > best.path.length)) best = s;
    }
  }
  return best;
}

export type Access = 'allowed' | 'forbidden' | 'unknown';

/**
 * Whether these roles may open a path. Sub-paths inherit their screen's rule, except that a screen
 * nested under another one (e.g. `/work-orders/mine` under `/work-orders`) has its own rule.
 */
export function accessTo(pathname: string, roles: readonly StaffRole[]): Access {
  const screen = screenFor(pathname);
  if (!screen) return 'unknown';
  return mayUse(roles, screen.roles) ? 'allowed' : 'forbidden';
}

/** Where someone lands after login: the first screen their menu offers. */
export function homePathFor(roles: readonly StaffRole[]): string | undefined {
  return menuFor(roles)[0]?.screens[0]?.path;
}

export const ROLE_LABELS: Record<StaffRole, string> = {
  agent: '网络营业员',
  dispatcher: '调度员',
  technician: '维修师傅',
  supervisor: '班组长',
  operator: '运营专员',
  manager: '经理',
  admin: '管理员',
};
