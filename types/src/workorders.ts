/**
 * Work orders (报修 / 安检 / 报装 / ...), their timeline, dispatch, SLA, appointments, ratings and 回访.
 * Codes are English; every label a resident sees is Chinese and comes from the server.
 */
import { z } from './zod';
import { AccountNo, CalendarDay, IsoDateTime, ObjectId, Utility, paged, shortText } from './common';

export const WorkOrderType = z.enum([
  'repair',
  'inspection',
  'installation',
  'activation',
  'meterChange',
  'accountOpen',
  'accountTransfer',
  'accountClose',
  'supplySuspend',
  'supplyResume',
  'valveClose',
  'valveOpen',
  'complaint',
  'consultation',
]);
export type WorkOrderType = z.infer<typeof WorkOrderType>;

export const WorkOrderCategory = z.enum([
  'gasLeak',
  'noGas',
  'indoorFault',
  'applianceFault',
  'meterFault',
  'waterLeak',
  'noWater',
  'waterQuality',
  'lowPressure',
  'heatingCold',
  'other',
]);
export type WorkOrderCategory = z.infer<typeof WorkOrderCategory>;

export const WorkOrderPriority = z.enum(['urgent', 'high', 'normal', 'low']);
export type WorkOrderPriority = z.infer<typeof WorkOrderPriority>;

export const WorkOrderState = z.enum(['open', 'resolved', 'closed', 'cancelled']);
export type WorkOrderState = z.infer<typeof WorkOrderState>;

export const OrderNo = z
  .string()
  .regex(/^WO\d{12,}$/, '工单号格式不正确')
  .openapi({ example: 'WO202611220001' });
export type OrderNo = z.infer<typeof OrderNo>;

const Phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '电话号码格式不正确');

export const GeoPoint = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
export type GeoPoint = z.infer<typeof GeoPoint>;

export const CreateWorkOrderBody = z
  .object({
    accountNo: AccountNo,
    type: WorkOrderType.default('repair'),
    category: WorkOrderCategory.default('other'),
    description: shortText(1000),
    photos: z.array(ObjectId).max(9, '最多 9 张照片').default([]),
    contactPhone: Phone.optional(),
    contactName: shortText(20).optional(),
    /** Defaults to the account's address. */
    address: shortText(200).optional(),
    location: GeoPoint.optional(),
    urgency: z.enum(['normal', 'high']).default('normal'),
    channel: z.enum(['mp', 'oa', 'console', 'phone']).optional(),
  })
  .openapi('CreateWorkOrderBody');
export type CreateWorkOrderBody = z.infer<typeof CreateWorkOrderBody>;

export const OrderNoParams = z.object({ orderNo: OrderNo });
export type OrderNoParams = z.infer<typeof OrderNoParams>;

export const TimelineEntry = z.object({
  at: IsoDateTime,
  node: z.string(),
  label: z.string(),
  text: z.string(),
  photos: z.array(z.string()).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const WorkOrderStep = z.object({
  key: z.string(),
  label: z.string(),
  done: z.boolean(),
  current: z.boolean(),
});
export type WorkOrderStep = z.infer<typeof WorkOrderStep>;

export const Material = z.object({
  /** Catalogue code, when recorded from the materials catalogue (recordOrderWork). */
  code: z.string().max(20).optional(),
  name: shortText(50),
  spec: shortText(50).optional(),
  quantity: z.number().positive().max(10_000),
  unit: shortText(10).default('个'),
  /** Unit price in fen, when known. */
  unitPriceFen: z.number().int().nonnegative().optional(),
});
export type Material = z.infer<typeof Material>;

export const Rating = z.object({
  score: z.number().int().min(1).max(5),
  tags: z.array(shortText(20)).max(10).default([]),
  comment: z.string().trim().max(500).optional(),
});
export type Rating = z.infer<typeof Rating>;

export const SlaClockView = z.object({
  key: z.string(),
  label: z.string(),
  targetNode: z.string(),
  status: z.enum(['running', 'paused', 'met', 'breached', 'stopped']),
  deadline: IsoDateTime.nullable(),
  /** Seconds until the deadline (negative when overdue); null when not running. */
  remainingSeconds: z.number().int().nullable(),
  calendar: z.string(),
});
export type SlaClockView = z.infer<typeof SlaClockView>;

/** What a resident sees: plain Chinese, technician masked. */
export const WorkOrderView = z
  .object({
    orderNo: z.string(),
    accountNo: z.string(),
    type: WorkOrderType,
    typeLabel: z.string(),
    category: WorkOrderCategory,
    categoryLabel: z.string(),
    priority: WorkOrderPriority,
    priorityLabel: z.string(),
    state: WorkOrderState,
    status: z.string().openapi({ description: 'current node key' }),
    statusLabel: z.string(),
    currentStep: z.string().openapi({ description: '当前进度, plain Chinese' }),
    onHold: z.boolean(),
    description: z.string(),
    address: z.string(),
    contactPhoneMasked: z.string(),
    photos: z.array(z.object({ id: z.string(), url: z.string(), thumbUrl: z.string() })),
    steps: z.array(WorkOrderStep),
    timeline: z.array(TimelineEntry),
    technician: z.object({ name: z.string(), phoneMasked: z.string() }).nullable(),
    eta: IsoDateTime.nullable(),
    appointment: z.object({ id: z.string(), startAt: IsoDateTime, endAt: IsoDateTime }).nullable(),
    rating: Rating.extend({ at: IsoDateTime }).nullable(),
    canRate: z.boolean(),
    canCancel: z.boolean(),
    createdAt: IsoDateTime,
    external: z.boolean(),
  })
  .openapi('WorkOrder');
export type WorkOrderView = z.infer<typeof WorkOrderView>;

export const EmergencyNotice = z.object({ hotline: z.string(), instructions: z.array(z.string()) });
export type EmergencyNotice = z.infer<typeof EmergencyNotice>;

export const CreatedWorkOrder = WorkOrderView.extend({ emergency: EmergencyNotice.nullable() }).openapi(
  'CreatedWorkOrder',
);
export type CreatedWorkOrder = z.infer<typeof CreatedWorkOrder>;

/** Staff see everything, with SLA countdowns. */
export const StaffWorkOrder = WorkOrderView.extend({
  areaCode: z.string(),
  queue: z.enum(['none', 'dispatch']),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  team: z.string().nullable(),
  dispatchRule: z.string().nullable(),
  escalated: z.boolean(),
  escalationLevel: z.number().int(),
  slaDueAt: IsoDateTime.nullable(),
  slaRemainingSeconds: z.number().int().nullable(),
  sla: z.array(SlaClockView),
  materials: z.array(Material),
  labourMinutes: z.number().nullable(),
  attempts: z.number().int(),
  unreachable: z.boolean(),
  /** The account's utility: which 安检 checklist an inspection order's form asks. */
  utility: Utility.nullable().optional(),
  history: z.array(
    z.object({
      at: IsoDateTime,
      action: z.string(),
      from: z.string(),
      to: z.string(),
      by: z.object({ kind: z.string(), id: z.string().optional(), name: z.string().optional() }),
      note: z.string().optional(),
      photos: z.array(z.string()).optional(),
      location: GeoPoint.optional(),
    }),
  ),
}).openapi('StaffWorkOrder');
export type StaffWorkOrder = z.infer<typeof StaffWorkOrder>;

export const WorkOrderAction = z.enum([
  'dispatch',
  'accept',
  'reject',
  'depart',
  'arrive',
  'start',
  'survey',
  'plan',
  'construct',
  'verify',
  'approve',
  'complete',
  'close',
  'cancel',
  'hold',
  'resume',
  'reopen',
  'notHome',
  'escalate',
]);
export type WorkOrderAction = z.infer<typeof WorkOrderAction>;

export const TransitionBody = z
  .object({
    action: WorkOrderAction,
    note: z.string().trim().max(500).optional(),
    photos: z.array(ObjectId).max(9).default([]),
    location: GeoPoint.optional(),
    materials: z.array(Material).max(50).optional(),
    labourMinutes: z.number().int().min(0).max(10_000).optional(),
    eta: IsoDateTime.pipe(z.iso.datetime()).optional(),
    /** dispatch: who gets the order (omit to let the rules pick). */
    assigneeId: ObjectId.optional(),
  })
  .openapi('TransitionBody');
export type TransitionBody = z.infer<typeof TransitionBody>;

export const ListMyWorkOrdersQuery = z.object({
  accountNo: AccountNo.optional(),
  state: WorkOrderState.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type ListMyWorkOrdersQuery = z.infer<typeof ListMyWorkOrdersQuery>;

export const ListStaffWorkOrdersQuery = z.object({
  state: WorkOrderState.optional(),
  status: z.string().max(30).optional(),
  type: WorkOrderType.optional(),
  priority: WorkOrderPriority.optional(),
  areaPrefix: z.string().max(30).optional(),
  assigneeId: ObjectId.optional(),
  queue: z.enum(['dispatch']).optional(),
  escalated: z.enum(['true', 'false']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  accountNo: AccountNo.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListStaffWorkOrdersQuery = z.infer<typeof ListStaffWorkOrdersQuery>;

export const WorkOrderViewPage = paged(WorkOrderView).openapi('WorkOrderViewPage');
export type WorkOrderViewPage = z.infer<typeof WorkOrderViewPage>;
export const StaffWorkOrderPage = paged(StaffWorkOrder).openapi('StaffWorkOrderPage');
export type StaffWorkOrderPage = z.infer<typeof StaffWorkOrderPage>;
/** One order as its caller may see it: residents get the WorkOrderView fields, staff the StaffWorkOrder ones too. */
export const WorkOrderDetail = StaffWorkOrder.partial()
  .extend(WorkOrderView.shape)
  .openapi('WorkOrderDetail');
export type WorkOrderDetail = z.infer<typeof WorkOrderDetail>;

export const RateBody = Rating.openapi('RateBody');
export type RateBody = z.infer<typeof RateBody>;

// ---- configuration as data (admin) ----

export const NodeDef = z.object({
  key: z.string().regex(/^[a-zA-Z]{2,30}$/),
  label: shortText(20),
  /** The action that enters this node; the first node has none. */
  action: WorkOrderAction.optional(),
  roles: z.array(z.string()).default([]),
  /** Only the assigned technician may take this step. */
  assigneeOnly: z.boolean().default(false),
  /** Plain-Chinese text shown to the resident while the order is here. */
  residentText: shortText(60),
});
export type NodeDef = z.infer<typeof NodeDef>;

export const NodeConfig = z
  .object({ type: WorkOrderType, nodes: z.array(NodeDef).min(2).max(20), updatedAt: IsoDateTime.optional() })
  .openapi('NodeConfig');
export type NodeConfig = z.infer<typeof NodeConfig>;

export const TypeParams = z.object({ type: WorkOrderType });
export type TypeParams = z.infer<typeof TypeParams>;

export const SlaPolicy = z
  .object({
    key: z.string().regex(/^[\w.-]{2,60}$/),
    label: shortText(40),
    type: WorkOrderType,
    category: WorkOrderCategory.optional(),
    priority: WorkOrderPriority.optional(),
    /** The clock starts when the order enters this node. */
    startNode: z.string().max(30),
    /** ...and stops when it reaches this one (or any node after it). */
    targetNode: z.string().max(30),
    minutes: z
      .number()
      .int()
      .positive()
      .max(60 * 24 * 90),
    calendar: z.string().max(30).default('24x7'),
    /** What a breach does: escalate to the area's supervisor, or take the order from an assignee who has not accepted. */
    onBreach: z.enum(['escalate', 'reassign']).default('escalate'),
    enabled: z.boolean().default(true),
  })
  .openapi('SlaPolicy');
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const KeyParams = z.object({ key: z.string().regex(/^[\w.-]{2,60}$/) });
export type KeyParams = z.infer<typeof KeyParams>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
export const BusinessCalendar = z
  .object({
    key: z.string().regex(/^[\w.-]{2,30}$/),
    label: shortText(40),
    /** Working periods per weekday (0 = Sunday); several per day for split shifts. */
    // min + max rather than length: the OpenAPI document then says 7 items too (length() is not carried over).
    week: z
      .array(z.array(z.object({ start: HHMM, end: HHMM })).max(6))
      .min(7, '须填写周日至周六 7 天的时段')
      .max(7, '须填写周日至周六 7 天的时段'),
    /** Dates off (YYYY-MM-DD, Asia/Shanghai). */
    holidays: z.array(CalendarDay).max(400).default([]),
    /** Extra working days (调休), worked on the given weekday's hours of Monday. */
    workdays: z.array(CalendarDay).max(100).default([]),
  })
  .openapi('BusinessCalendar');
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

export const DispatchRule = z
  .object({
    key: z.string().regex(/^[\w.-]{2,60}$/),
    label: shortText(40),
    type: WorkOrderType.optional(),
    areaPrefix: z.string().max(30).optional(),
    category: WorkOrderCategory.optional(),
    team: shortText(40),
    skill: shortText(40),
    /** 顺序: of the rules an order matches, the lowest wins; among equal ones, the most specific. */
    order: z.number().int().default(100),
    enabled: z.boolean().default(true),
  })
  .openapi('DispatchRule');
export type DispatchRule = z.infer<typeof DispatchRule>;

export const NodeConfigBody = NodeConfig.omit({ type: true, updatedAt: true }).openapi('NodeConfigBody');
export type NodeConfigBody = z.infer<typeof NodeConfigBody>;
export const SlaPolicyBody = SlaPolicy.omit({ key: true }).openapi('SlaPolicyBody');
export type SlaPolicyBody = z.infer<typeof SlaPolicyBody>;
export const BusinessCalendarBody = BusinessCalendar.omit({ key: true }).openapi('BusinessCalendarBody');
export type BusinessCalendarBody = z.infer<typeof BusinessCalendarBody>;
export const DispatchRuleBody = DispatchRule.omit({ key: true }).openapi('DispatchRuleBody');

/**
 * The teams and skills dispatch knows, for the rule and staff editors to pick from, and who could take a rule's
 * orders: the active technicians of each team with each skill (a rule whose team and skill no one has sends
 * every order it matches to the dispatcher's queue).
 */
export const DispatchTeams = z
  .object({
    /** Every team a dispatch rule or an active technician names, in Chinese collation order. */
    teams: z.array(z.string()),
    /** Every skill a dispatch rule or an active technician names, in the same order. */
    skills: z.array(z.string()),
    coverage: z.array(
      z.object({
        team: z.string(),
        skill: z.string(),
        /** Active technicians of the team with the skill. */
        technicians: z.number().int(),
        /** Of those, on shift now (auto-dispatch picks only among them). */
        onShift: z.number().int(),
      }),
    ),
  })
  .openapi('DispatchTeams');
export type DispatchTeams = z.infer<typeof DispatchTeams>;
export type DispatchRuleBody = z.infer<typeof DispatchRuleBody>;

/** 重命名班组: one team's name, in every rule, technician and open order that names it. */
export const RenameTeamBody = z
  .object({
    /** The team as the rules and technicians name it now. */
    from: shortText(40),
    /** Its new name; a team already named so takes the other's rules, people and orders (a merge). */
    to: shortText(40),
  })
  .openapi('RenameTeamBody');
export type RenameTeamBody = z.infer<typeof RenameTeamBody>;
export const TeamRenamed = z
  .object({
    from: z.string(),
    to: z.string(),
    /** The new name was already a team's: the two are one now. */
    merged: z.boolean(),
    rules: z.number().int(),
    staff: z.number().int(),
    /** Open work orders of the team; finished ones keep the name they were worked under. */
    openOrders: z.number().int(),
  })
  .openapi('TeamRenamed');
export type TeamRenamed = z.infer<typeof TeamRenamed>;

export const DispatchDryRunBody = z.object({
  type: WorkOrderType,
  areaCode: z.string().min(1).max(30),
  category: WorkOrderCategory.default('other'),
  location: GeoPoint.optional(),
});
export type DispatchDryRunBody = z.infer<typeof DispatchDryRunBody>;

export const DispatchDecision = z
  .object({
    rule: DispatchRule.nullable(),
    team: z.string().nullable(),
    technician: z.object({ id: z.string(), name: z.string(), openOrders: z.number().int() }).nullable(),
    candidates: z.array(z.object({ id: z.string(), name: z.string(), openOrders: z.number().int() })),
    queue: z.enum(['none', 'dispatch']),
    reason: z.string(),
  })
  .openapi('DispatchDecision');
export type DispatchDecision = z.infer<typeof DispatchDecision>;

// ---- appointments ----

export const SlotQuery = z.object({
  areaCode: z.string().min(1).max(30),
  type: WorkOrderType,
  from: CalendarDay,
  to: CalendarDay,
});
export type SlotQuery = z.infer<typeof SlotQuery>;

export const Slot = z
  .object({
    id: z.string(),
    areaCode: z.string(),
    type: WorkOrderType,
    date: z.string(),
    window: z.enum(['am', 'pm']),
    label: z.string(),
    startAt: IsoDateTime,
    endAt: IsoDateTime,
    capacity: z.number().int(),
    remaining: z.number().int(),
    /** Staff only: taken out of booking by a hold or blackout (its bookings stay). */
    heldBy: z.string().nullable().optional(),
  })
  .openapi('Slot');
export type Slot = z.infer<typeof Slot>;

export const BookAppointmentBody = z
  .object({
    slotId: ObjectId,
    /** Link to an existing order; or describe the visit and an order is created. */
    orderNo: OrderNo.optional(),
    accountNo: AccountNo.optional(),
    category: WorkOrderCategory.optional(),
    description: shortText(1000).optional(),
    contactPhone: Phone.optional(),
  })
  .openapi('BookAppointmentBody');
export type BookAppointmentBody = z.infer<typeof BookAppointmentBody>;

export const Appointment = z
  .object({
    id: z.string(),
    orderNo: z.string(),
    slotId: z.string(),
    startAt: IsoDateTime,
    endAt: IsoDateTime,
    label: z.string(),
    status: z.enum(['booked', 'cancelled', 'done']),
  })
  .openapi('Appointment');
export type Appointment = z.infer<typeof Appointment>;

export const AppointmentParams = z.object({ id: ObjectId });
export type AppointmentParams = z.infer<typeof AppointmentParams>;
export const RescheduleBody = z.object({ slotId: ObjectId });
export type RescheduleBody = z.infer<typeof RescheduleBody>;

export const CreateSlotsBody = z.object({
  areaCode: z.string().min(1).max(30),
  type: WorkOrderType,
  from: CalendarDay,
  days: z.number().int().min(1).max(60),
  capacity: z.number().int().min(1).max(500),
  skipWeekends: z.boolean().default(false),
});
export type CreateSlotsBody = z.infer<typeof CreateSlotsBody>;

export const CreateSlotsResult = z.object({ created: z.number().int() });
export type CreateSlotsResult = z.infer<typeof CreateSlotsResult>;

// ---- inspections ----

export const InspectionPlanBody = z
  .object({
    name: shortText(40),
    areaPrefix: z.string({ error: '请选择片区' }).regex(/^[\w-]{1,30}$/, '片区编码格式不正确'),
    cycleMonths: z
      .number({ error: '周期应为月数' })
      .int('周期应为整月')
      .min(1, '周期至少 1 个月')
      .max(60, '周期最多 60 个月')
      .default(12),
    maxAttempts: z
      .number({ error: '最多上门次数应为数字' })
      .int('最多上门次数应为整数')
      .min(1, '最多上门次数至少 1 次')
      .max(10, '最多上门次数不能超过 10 次')
      .default(3),
    /** The day the first cycle runs (Asia/Shanghai, start of day); today when left out. */
    nextRunOn: CalendarDay.optional(),
  })
  .openapi('InspectionPlanBody');
export type InspectionPlanBody = z.infer<typeof InspectionPlanBody>;

export const InspectionPlan = InspectionPlanBody.omit({ nextRunOn: true })
  .extend({
    id: z.string(),
    active: z.boolean(),
    lastRunAt: IsoDateTime.nullable(),
    nextRunAt: IsoDateTime.nullable(),
    cycle: z.number().int(),
  })
  .openapi('InspectionPlan');
export type InspectionPlan = z.infer<typeof InspectionPlan>;

export const InspectionRun = z.object({
  cycle: z.number().int(),
  created: z.number().int(),
  skipped: z.number().int(),
});
export type InspectionRun = z.infer<typeof InspectionRun>;

export const InspectionCompletion = z.object({
  planId: z.string(),
  cycle: z.number().int(),
  areas: z.array(
    z.object({
      areaCode: z.string(),
      total: z.number().int(),
      completed: z.number().int(),
      unreachable: z.number().int(),
      rate: z.number(),
    }),
  ),
  total: z.number().int(),
  completed: z.number().int(),
  rate: z.number(),
});
export type InspectionCompletion = z.infer<typeof InspectionCompletion>;

export const InspectionCompletionQuery = z.object({ cycle: z.coerce.number().int().min(1).optional() });
export type InspectionCompletionQuery = z.infer<typeof InspectionCompletionQuery>;

// ---- 回访 ----

export const FollowUpOutcome = z.enum(['reached', 'notReached', 'refused']);
export type FollowUpOutcome = z.infer<typeof FollowUpOutcome>;

/** The conversation about the order: the chat session (link to its transcript) and its last messages. */
export const FollowUpConversation = z.object({
  sessionId: z.string(),
  status: z.string(),
  queuedAt: IsoDateTime,
  excerpt: z.array(
    z.object({ from: z.enum(['resident', 'agent', 'system']), text: z.string(), at: IsoDateTime }),
  ),
});
export type FollowUpConversation = z.infer<typeof FollowUpConversation>;

export const FollowUpTask = z
  .object({
    id: z.string(),
    orderNo: z.string(),
    accountNo: z.string(),
    areaCode: z.string(),
    /** The order as it is now. */
    orderType: z.string().nullable(),
    orderState: z.string().nullable(),
    reason: z.enum(['lowRating', 'sample', 'complaint']),
    status: z.enum(['open', 'done']),
    /** The resident's own rating of the order (stars, tags, comment), if they rated it. */
    rating: z
      .object({ score: z.number().int(), tags: z.array(z.string()), comment: z.string().nullable() })
      .nullable(),
    /** @deprecated the rating score when the task opened; read `rating`. */
    score: z.number().int().nullable(),
    conversation: FollowUpConversation.nullable(),
    createdAt: IsoDateTime,
    outcome: FollowUpOutcome.nullable(),
    /** The score the resident gave on the 回访 call (1–5). */
    followUpScore: z.number().int().nullable(),
    result: z.string().nullable(),
    doneAt: IsoDateTime.nullable(),
    /** The 回访 score was low enough to reopen the order. */
    reopened: z.boolean(),
  })
  .openapi('FollowUpTask');
export type FollowUpTask = z.infer<typeof FollowUpTask>;

export const ListFollowUpsQuery = z.object({ status: z.enum(['open', 'done']).default('open') });
export type ListFollowUpsQuery = z.infer<typeof ListFollowUpsQuery>;
export const FollowUpList = z
  .object({
    /** The newest 200. */
    items: z.array(FollowUpTask),
    /** Whether more match than are listed. */
    more: z.boolean(),
  })
  .openapi('FollowUpList');
export type FollowUpList = z.infer<typeof FollowUpList>;
/** A 回访 task or an escalation, by its id. */
export const TaskIdParams = z.object({ id: z.string().min(1).max(120) });
export type TaskIdParams = z.infer<typeof TaskIdParams>;

/** reached: the resident answered and scored the service; notReached / refused: no score. */
export const CompleteFollowUpBody = z
  .object({
    outcome: FollowUpOutcome,
    score: z.number().int().min(1).max(5).optional(),
    result: shortText(500).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.outcome === 'reached' && b.score === undefined)
      ctx.addIssue({ code: 'custom', path: ['score'], message: '已接通的回访请填写评分(1–5 分)' });
    if (b.outcome !== 'reached' && b.score !== undefined)
      ctx.addIssue({ code: 'custom', path: ['score'], message: '未接通或拒访时不填写评分' });
  });
export type CompleteFollowUpBody = z.infer<typeof CompleteFollowUpBody>;

export const Escalation = z.object({
  orderNo: z.string(),
  policy: z.string(),
  label: z.string(),
  areaCode: z.string(),
  breachedAt: IsoDateTime,
  level: z.number().int(),
});
export type Escalation = z.infer<typeof Escalation>;

export const ListEscalationsQuery = z.object({ open: z.enum(['true', 'false']).default('true') });
export type ListEscalationsQuery = z.infer<typeof ListEscalationsQuery>;
export const EscalationItem = Escalation.extend({ id: z.string() }).openapi('Escalation');
export type EscalationItem = z.infer<typeof EscalationItem>;
export const EscalationList = z
  .object({
    /** The newest 200. */
    items: z.array(EscalationItem),
    /** Whether more match than are listed. */
    more: z.boolean(),
  })
  .openapi('EscalationList');
export type EscalationList = z.infer<typeof EscalationList>;

// ---- external work-order system (inbound webhook) ----

export const ExternalEvent = z
  .object({
    eventId: z.string().min(1).max(100),
    orderNo: OrderNo,
    externalRef: z.string().max(100).optional(),
    status: z.string().min(1).max(30),
    occurredAt: z.iso.datetime(),
    technician: z.object({ name: z.string().max(20), phone: z.string().max(20) }).optional(),
    eta: z.iso.datetime().optional(),
    note: z.string().max(500).optional(),
  })
  .openapi('ExternalWorkOrderEvent');
export type ExternalEvent = z.infer<typeof ExternalEvent>;

export const ExternalEventAck = z.object({
  ok: z.literal(true),
  applied: z.boolean(),
  duplicate: z.boolean(),
});
export type ExternalEventAck = z.infer<typeof ExternalEventAck>;

/** The OpenAPI document of the external work-order contract (getExternalWorkOrderContract). */
export const ExternalContract = z.record(z.string(), z.unknown());
export type ExternalContract = z.infer<typeof ExternalContract>;
