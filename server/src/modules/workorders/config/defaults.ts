/**
 * Seeded defaults for the configuration-as-data: node sequences per order type, SLA policies (from
 * the service commitments utilities publish), the business calendar and a starter set of dispatch rules.
 * Admins edit the stored copies; node sequences fall back to these when none is stored.
 */
import type {
  BusinessCalendar,
  DispatchRule,
  NodeConfig,
  NodeDef,
  SlaPolicy,
  WorkOrderType,
} from '@portal/types';

const FIELD = ['technician'];
const DESK = ['dispatcher', 'supervisor', 'admin'];
const AGENTS = ['agent', 'supervisor', 'admin'];

const n = (
  key: string,
  label: string,
  residentText: string,
  action?: NodeDef['action'],
  roles: string[] = [],
  assigneeOnly = false,
): NodeDef => ({
  key,
  label,
  residentText,
  action,
  roles,
  assigneeOnly,
});

const head = [
  n('accepted', '受理', '已受理,正在为您安排服务人员'),
  n('dispatched', '派单', '已派单,等待服务人员接单', 'dispatch', DESK),
  n('taken', '接单', '服务人员已接单,即将出发', 'accept', FIELD, true),
];
const tail = [
  n('completed', '完工', '已完工,请您对本次服务进行评价', 'complete', FIELD, true),
  n('rated', '回访/评价', '感谢您的评价'),
  n('closed', '关闭', '工单已办结', 'close', AGENTS),
];
const visit = [
  n('departed', '出发', '服务人员已出发,正在赶往现场', 'depart', FIELD, true),
  n('arrived', '到场', '服务人员已到达现场', 'arrive', FIELD, true),
];

const fieldFlow = (middle: NodeDef[]): NodeDef[] => [...head, ...visit, ...middle, ...tail];

const deskFlow = (middle: NodeDef[], done = '已办结'): NodeDef[] => [
  n('accepted', '受理', '已受理,工作人员将尽快处理'),
  ...middle,
  n('completed', '办结', done, 'complete', AGENTS),
  n('rated', '回访/评价', '感谢您的评价'),
  n('closed', '关闭', '工单已关闭', 'close', AGENTS),
];

export const DEFAULT_NODE_CONFIGS: Record<WorkOrderType, NodeConfig> = {
  repair: {
    type: 'repair',
    nodes: fieldFlow([n('processing', '处理', '正在为您处理', 'start', FIELD, true)]),
  },
  inspection: {
    type: 'inspection',
    nodes: fieldFlow([n('processing', '安检', '正在进行入户安检', 'start', FIELD, true)]),
  },
  meterChange: {
    type: 'meterChange',
    nodes: fieldFlow([n('processing', '换表', '正在为您更换表具', 'start', FIELD, true)]),
  },
  activation: {
    type: 'activation',
    nodes: fieldFlow([n('processing', '点火通气', '正在为您点火通气', 'start', FIELD, true)]),
  },
  installation: {
    type: 'installation',
    nodes: [
      ...head,
      n('surveyed', '勘查', '已完成现场勘查', 'survey', FIELD, true),
      n('planned', '方案', '施工方案已确定', 'plan', FIELD, true),
      n('constructing', '施工', '正在施工', 'construct', FIELD, true),
      n('verified', '验收', '已通过验收', 'verify', ['technician', 'supervisor']),
      ...tail,
    ],
  },
  accountOpen: {
    type: 'accountOpen',
    nodes: deskFlow(
      [n('reviewed', '审核', '资料审核通过', 'approve', ['supervisor', 'admin'])],
      '开户已办结',
    ),
  },
  accountTransfer: {
    type: 'accountTransfer',
    nodes: deskFlow(
      [n('reviewed', '审核', '资料审核通过', 'approve', ['supervisor', 'admin'])],
      '过户已办结',
    ),
  },
  accountClose: {
    type: 'accountClose',
    nodes: deskFlow(
      [n('reviewed', '审核', '资料审核通过', 'approve', ['supervisor', 'admin'])],
      '销户已办结',
    ),
  },
  supplySuspend: {
    type: 'supplySuspend',
    nodes: deskFlow(
      [n('reviewed', '审核', '报停申请审核通过,已安排上门关阀', 'approve', ['supervisor', 'admin'])],
      '报停已办结',
    ),
  },
  supplyResume: {
    type: 'supplyResume',
    nodes: deskFlow(
      [n('reviewed', '审核', '复供申请审核通过,已安排上门开阀', 'approve', ['supervisor', 'admin'])],
      '复供已办结,恢复供应与计费',
    ),
  },
  valveClose: {
    type: 'valveClose',
    nodes: fieldFlow([n('processing', '关阀', '正在为您关阀封表', 'start', FIELD, true)]),
  },
  valveOpen: {
    type: 'valveOpen',
    nodes: fieldFlow([n('processing', '开阀', '正在为您开阀恢复供应', 'start', FIELD, true)]),
  },
  complaint: {
    type: 'complaint',
    nodes: deskFlow([n('processing', '处理', '正在核实处理您的投诉', 'start', AGENTS)], '投诉已处理'),
  },
  consultation: { type: 'consultation', nodes: deskFlow([], '已答复') },
};

export const DEFAULT_CALENDARS: BusinessCalendar[] = [
  {
    key: 'business',
    label: '营业时间(工作日 8:30-12:00, 13:30-17:30)',
    week: [
      [],
      [
        { start: '08:30', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      [
        { start: '08:30', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      [
        { start: '08:30', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      [
        { start: '08:30', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      [
        { start: '08:30', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      [],
    ],
    // Public holidays and make-up working days are entered per year (the holidays feature).
    holidays: [],
    workdays: [],
  },
];

/** A working day of the business calendar is 7.5 h. */
const WORKDAY_MIN = 450;

const p = (x: Omit<SlaPolicy, 'enabled' | 'calendar' | 'onBreach'> & Partial<SlaPolicy>): SlaPolicy => ({
  calendar: '24x7',
  onBreach: 'escalate',
  enabled: true,
  ...x,
});

export const DEFAULT_SLA_POLICIES: SlaPolicy[] = [
  // 燃气:泄漏 1 小时内到场;户内故障 4 小时内到场
  p({
    key: 'repair.gasLeak.dispatch',
    label: '燃气泄漏 10 分钟内派单',
    type: 'repair',
    category: 'gasLeak',
    startNode: 'accepted',
    targetNode: 'dispatched',
    minutes: 10,
  }),
  p({
    key: 'repair.gasLeak.accept',
    label: '燃气泄漏 5 分钟内接单',
    type: 'repair',
    category: 'gasLeak',
    startNode: 'dispatched',
    targetNode: 'taken',
    minutes: 5,
    onBreach: 'reassign',
  }),
  p({
    key: 'repair.gasLeak.arrive',
    label: '燃气泄漏 1 小时内到场',
    type: 'repair',
    category: 'gasLeak',
    startNode: 'accepted',
    targetNode: 'arrived',
    minutes: 60,
  }),
  p({
    key: 'repair.indoorFault.arrive',
    label: '户内故障 4 小时内到场',
    type: 'repair',
    category: 'indoorFault',
    startNode: 'accepted',
    targetNode: 'arrived',
    minutes: 240,
  }),
  // 水:抢修 2 小时内开始
  p({
    key: 'repair.waterLeak.start',
    label: '供水抢修 2 小时内开始',
    type: 'repair',
    category: 'waterLeak',
    startNode: 'accepted',
    targetNode: 'processing',
    minutes: 120,
  }),
  p({
    key: 'repair.noWater.start',
    label: '停水抢修 2 小时内开始',
    type: 'repair',
    category: 'noWater',
    startNode: 'accepted',
    targetNode: 'processing',
    minutes: 120,
  }),
  // 通用:2 小时内派单,30 分钟内接单,48 小时内完工
  p({
    key: 'repair.dispatch',
    label: '2 小时内派单',
    type: 'repair',
    startNode: 'accepted',
    targetNode: 'dispatched',
    minutes: 120,
  }),
  p({
    key: 'repair.accept',
    label: '30 分钟内接单',
    type: 'repair',
    startNode: 'dispatched',
    targetNode: 'taken',
    minutes: 30,
    onBreach: 'reassign',
  }),
  p({
    key: 'repair.accept.urgent',
    label: '紧急单 10 分钟内接单',
    type: 'repair',
    priority: 'urgent',
    startNode: 'dispatched',
    targetNode: 'taken',
    minutes: 10,
    onBreach: 'reassign',
  }),
  p({
    key: 'repair.resolve',
    label: '48 小时内完工',
    type: 'repair',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: 48 * 60,
  }),
  // 报装 7–15 个工作日;点火通气 3 个工作日;换表 5 个工作日
  p({
    key: 'installation.resolve',
    label: '报装 15 个工作日内完成',
    type: 'installation',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: 15 * WORKDAY_MIN,
    calendar: 'business',
  }),
  p({
    key: 'installation.survey',
    label: '报装 3 个工作日内勘查',
    type: 'installation',
    startNode: 'accepted',
    targetNode: 'surveyed',
    minutes: 3 * WORKDAY_MIN,
    calendar: 'business',
  }),
  p({
    key: 'activation.resolve',
    label: '点火通气 3 个工作日内完成',
    type: 'activation',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: 3 * WORKDAY_MIN,
    calendar: 'business',
  }),
  p({
    key: 'meterChange.resolve',
    label: '换表 5 个工作日内完成',
    type: 'meterChange',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: 5 * WORKDAY_MIN,
    calendar: 'business',
  }),
  p({
    key: 'complaint.resolve',
    label: '投诉 2 个工作日内处理',
    type: 'complaint',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: 2 * WORKDAY_MIN,
    calendar: 'business',
  }),
  p({
    key: 'consultation.resolve',
    label: '咨询 1 个工作日内答复',
    type: 'consultation',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: WORKDAY_MIN,
    calendar: 'business',
  }),
  p({
    key: 'accountChange.resolve',
    label: '开户 3 个工作日内办结',
    type: 'accountOpen',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: 3 * WORKDAY_MIN,
    calendar: 'business',
  }),
  p({
    key: 'accountTransfer.resolve',
    label: '过户 3 个工作日内办结',
    type: 'accountTransfer',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: 3 * WORKDAY_MIN,
    calendar: 'business',
  }),
  p({
    key: 'accountClose.resolve',
    label: '销户 3 个工作日内办结',
    type: 'accountClose',
    startNode: 'accepted',
    targetNode: 'completed',
    minutes: 3 * WORKDAY_MIN,
    calendar: 'business',
  }),
];

export const DEFAULT_DISPATCH_RULES: DispatchRule[] = [
  {
    key: 'gas-leak-any',
    label: '燃气泄漏 → 抢修队',
    type: 'repair',
    category: 'gasLeak',
    team: '抢修队',
    skill: '燃气抢修',
    order: 1,
    enabled: true,
  },
  {
    key: 'repair-cy',
    label: '朝阳区报修 → 朝阳维修组',
    type: 'repair',
    areaPrefix: 'CY',
    team: '朝阳维修组',
    skill: '燃气维修',
    order: 100,
    enabled: true,
  },
  {
    key: 'repair-hd',
    label: '海淀区报修 → 海淀维修组',
    type: 'repair',
    areaPrefix: 'HD',
    team: '海淀维修组',
    skill: '燃气维修',
    order: 100,
    enabled: true,
  },
  {
    key: 'repair-dc',
    label: '东城区报修 → 东城维修组',
    type: 'repair',
    areaPrefix: 'DC',
    team: '东城维修组',
    skill: '燃气维修',
    order: 100,
    enabled: true,
  },
  {
    key: 'inspection-any',
    label: '安检 → 安检组',
    type: 'inspection',
    team: '安检组',
    skill: '安检',
    order: 100,
    enabled: true,
  },
  {
    key: 'installation-any',
    label: '报装 → 工程组',
    type: 'installation',
    team: '工程组',
    skill: '报装',
    order: 100,
    enabled: true,
  },
  {
    key: 'meter-any',
    label: '换表/点火 → 表务组',
    type: 'meterChange',
    team: '表务组',
    skill: '表务',
    order: 100,
    enabled: true,
  },
  {
    key: 'activation-any',
    label: '点火通气 → 表务组',
    type: 'activation',
    team: '表务组',
    skill: '表务',
    order: 100,
    enabled: true,
  },
];

/** The stages of 报装 up to 通气 (its first 完工), as the cockpit lists them. */
export const INSTALLATION_STAGES: { key: string; label: string }[] = (() => {
  const nodes = DEFAULT_NODE_CONFIGS.installation.nodes;
  return nodes
    .slice(
      0,
      nodes.findIndex((n) => n.key === 'completed'),
    )
    .map((n) => ({ key: n.key, label: n.label }));
})();
