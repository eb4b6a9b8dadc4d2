/** Creating, reading and listing work orders; transitions go through engine.ts. */
import type { CreateWorkOrderBody, WorkOrderPriority, z } from '@portal/types';
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { Auth } from '../../../platform/auth/auth';
import { errors } from '../../../platform/http/errors';
import { escapeRegex } from '../../../platform/db/regex';
import { findPage } from '../../../platform/db/page';
import { fullAddress } from '../../../platform/mask';
import { currentBindings, findAccessibleAccount, visibleSince } from '../../accounts';
import { areaFilter, assertInArea } from '../../../platform/auth/areaScope';
import { claimPhotos, photoSigner } from '../../uploads';
import { dayOf } from '../../../platform/time';
import { nodeConfig, nodeConfigs } from '../config/configs';
import { decideDispatch } from '../dispatch/dispatch.service';
import { transition, type Actor } from './engine';
import { forwardCreate, engineMode } from '../external/gateway';
import { alertNewOrder } from './newOrderAlert';
import { emergencyInstructions } from './labels';
import { notifyOrderStatus, notifyOrderStatuses } from './notify';
import { clocksOf, clocksOfOrders, clocksToStart, startClocks } from '../sla/sla.service';
import { residentView, staffView } from './views';
import { STATE_RANK, WorkOrderCounterModel, WorkOrderModel, type WorkOrder } from './workorder.model';
import { publicSettings } from '../../settings';
import { upsertReturning } from '../../../platform/db/upsert';

/**
 * Order numbers a process takes from the day's counter at once. Filing an order then needs no counter
 * write in 19 of 20 cases; the price is that numbers of two instances interleave, and a restart leaves
 * the rest of its block unused (a gap in the day's numbers, never a duplicate).
 */
export const ORDER_NO_BLOCK = 20;
const orderNoBlocks = new Map<string, { next: number; last: number }>();

/** WO + Shanghai date + a daily sequence, from blocks of one atomic counter per day. */
export async function nextOrderNo(now: Date): Promise<string> {
  const day = dayOf(now.getTime()).replaceAll('-', '');
  let block = orderNoBlocks.get(day);
  if (!block || block.next > block.last) {
    // Two first-of-the-day upserts may race: the loser runs once more.
    const c = await upsertReturning(() =>
      WorkOrderCounterModel.findOneAndUpdate(
        { _id: day },
        { $inc: { n: ORDER_NO_BLOCK } },
        { upsert: true, new: true },
      ).lean(),
    );
    // Another request of this process may have taken a block meanwhile: use whichever has numbers left.
    block = orderNoBlocks.get(day);
    if (!block || block.next > block.last) {
      block = { next: c.n - ORDER_NO_BLOCK + 1, last: c.n };
      orderNoBlocks.clear(); // earlier days are done
      orderNoBlocks.set(day, block);
    }
  }
  return `WO${day}${String(block.next++).padStart(4, '0')}`;
}

export const actorOf = (auth: Auth): Actor =>
  auth.kind === 'resident'
    ? { kind: 'resident', id: auth.userId }
    : { kind: 'staff', id: auth.staffId, roles: auth.roles, name: auth.username };

export type CreateInput = CreateWorkOrderBody & {
  /** Set by appointments, inspections and imports. */
  appointment?: { id: string; startAt: Date; endAt: Date };
  inspection?: { planId: string; cycle: number };
  priority?: WorkOrderPriority;
  /** The feature whose rules approve this order (the generic approve action is refused). */
  approvalVia?: string;
  /**
   * 开户: the order is filed for a 户号 reserved for an account that exists only once the application
   * is approved (accountChanges); the household's place is given here instead of read from the account.
   */
  newAccount?: {
    accountNo: string;
    areaCode: string;
    utility: string;
    address: { district: string; community: string; building: string; unit: string; room: string };
    holder: { name: string; phone: string };
  };
  /** Filed once per key (an effect of another feature replayed after a crash finds the first). */
  sourceKey?: string;
};

export async function createWorkOrder(deps: AppDeps, auth: Auth | { kind: 'system' }, input: CreateInput) {
  const now = deps.clock.now();
  if (input.sourceKey) {
    const filed = await WorkOrderModel.findOne({ sourceKey: input.sourceKey }).lean<WorkOrder>();
    if (filed) return { order: filed, nodes: (await nodeConfig(input.type)).nodes };
  }
  // The account and the type's nodes are independent reads: in parallel.
  const [account, { nodes }] = await Promise.all([
    input.newAccount
      ? Promise.resolve(input.newAccount as unknown as Awaited<ReturnType<typeof findAccessibleAccount>>)
      : auth.kind === 'system'
        ? findAccessibleAccount(
            { kind: 'staff', staffId: 'system', username: 'system', roles: ['admin'], areas: [] },
            input.accountNo,
          )
        : findAccessibleAccount(auth, input.accountNo, 'workOrders'),
    nodeConfig(input.type),
  ]);
  if (auth.kind !== 'system') await claimPhotos(auth, input.photos ?? [], account.accountNo);

  const priority: WorkOrderPriority =
    input.category === 'gasLeak'
      ? 'urgent'
      : (input.priority ?? (input.urgency === 'high' ? 'high' : 'normal'));
  const orderNo = await nextOrderNo(now);
  const createdBy =
    auth.kind === 'system'
      ? { kind: 'system', name: 'system' }
      : auth.kind === 'resident'
        ? { kind: 'resident', id: auth.userId }
        : { kind: 'staff', id: auth.staffId, name: auth.username };
  const base = {
    orderNo,
    accountNo: account.accountNo,
    areaCode: account.areaCode,
    utility: account.utility,
    type: input.type,
    category: input.category,
    priority,
    description: input.description,
    address: input.address ?? (account.address ? fullAddress(account.address) : ''),
    contactPhone: input.contactPhone ?? account.holder?.phone ?? undefined,
    contactName: input.contactName ?? account.holder?.name,
    location: input.location,
    photos: input.photos ?? [],
    channel: input.channel ?? (auth.kind === 'resident' ? 'mp' : 'console'),
    createdBy,
    ...(auth.kind === 'resident' ? { residentUserId: auth.userId } : {}),
    ...(input.appointment
      ? {
          appointmentId: input.appointment.id,
          appointmentStartAt: input.appointment.startAt,
          appointmentEndAt: input.appointment.endAt,
        }
      : {}),
    ...(input.inspection
      ? { inspectionPlanId: input.inspection.planId, inspectionCycle: input.inspection.cycle }
      : {}),
    ...(input.approvalVia ? { approvalVia: input.approvalVia } : {}),
    ...(input.sourceKey ? { sourceKey: input.sourceKey } : {}),
    createdAt: now,
    updatedAt: now,
  };
  const history = [{ at: now, action: 'create', from: 'new', to: 'accepted', by: createdBy }];

  if (engineMode(deps, input.type) === 'external') {
    const order = (
      await WorkOrderModel.create({
        ...base,
        status: 'accepted',
        seq: 1,
        history,
        // Cleared once the push is queued; a crash first leaves them for the repair sweep (external/gateway.ts).
        external: { mode: 'forwarded', unqueued: true, createUnqueued: true },
      })
    ).toObject() as WorkOrder;
    await forwardCreate(deps, order);
    await notifyOrderStatus(order, '已受理', '您的工单已受理', now);
    return { order, nodes };
  }

  // Dispatch before the insert, so a typical order is written once.
  const hasDispatch = nodes.some((n) => n.key === 'dispatched');
  const d = hasDispatch
    ? await decideDispatch({
        type: input.type,
        areaCode: account.areaCode,
        category: input.category,
        location: input.location,
        now: deps.clock.now(),
      })
    : undefined;
  const tech = d?.technician;
  const doc: Record<string, unknown> = {
    ...base,
    status: tech ? 'dispatched' : 'accepted',
    queue: hasDispatch && !tech ? 'dispatch' : 'none',
    team: d?.team ?? undefined,
    skill: d?.rule?.skill,
    dispatchRule: d?.rule?.key,
    seq: 1,
    history: tech
      ? [
          ...history,
          {
            at: now,
            action: 'dispatch',
            from: 'accepted',
            to: 'dispatched',
            by: { kind: 'system', name: '自动派单' },
            note: d!.reason,
          },
        ]
      : history,
    ...(tech ? { assigneeId: tech.id, assigneeName: tech.name, assigneePhone: tech.phone } : {}),
  };
  // The SLA clocks are worked out before the insert too, so the order is written with its due time
  // and not read back.
  const entered = tech ? ['accepted', 'dispatched'] : ['accepted'];
  const clocks = await clocksToStart(
    doc as Parameters<typeof clocksToStart>[0],
    entered,
    doc.status as string,
    nodes,
    now,
  );
  const dueAt = clocks
    .filter((c) => c.status === 'running')
    .reduce<Date | undefined>((d, c) => (!d || c.deadline! < d ? c.deadline! : d), undefined);
  if (dueAt) doc.slaDueAt = dueAt;
  const order = (await WorkOrderModel.create(doc)).toObject() as WorkOrder;
  await startClocks(clocks);
  await alertNewOrder(deps, order);
  await notifyOrderStatuses(
    [
      { order: { ...order, status: 'accepted' }, statusLabel: '已受理', text: '您的工单已受理' },
      ...(tech ? [{ order, statusLabel: '已派单', text: `已安排服务人员 ${tech.name}` }] : []),
    ],
    now,
  );
  return { order, nodes };
}

export async function createForCaller(
  deps: AppDeps,
  auth: Auth,
  body: CreateWorkOrderBody,
): Promise<z.input<typeof T.CreatedWorkOrder>> {
  const { order, nodes } = await createWorkOrder(deps, auth, body);
  const hotline = order.category === 'gasLeak' ? (await publicSettings(deps.config)).hotline : '';
  return {
    ...residentView(order, nodes, photoSigner(deps)),
    emergency:
      order.category === 'gasLeak'
        ? {
            hotline,
            instructions: emergencyInstructions(hotline),
          }
        : null,
  };
}

/**
 * The order, if the caller may see it (else 404): a resident, their own reports and orders of accounts
 * bound to them made since the binding; staff, orders in their areas or assigned to them.
 */
export async function findAccessibleOrder(auth: Auth, orderNo: string): Promise<WorkOrder> {
  const order = await WorkOrderModel.findOne({ orderNo }).lean<WorkOrder>();
  if (!order) throw errors.orderNotFound();
  if (auth.kind === 'resident') {
    if (order.residentUserId === auth.userId) return order;
    const binding = (await currentBindings(auth.userId)).find((b) => b.accountNo === order.accountNo);
    if (!binding || (order.createdAt ?? new Date(0)) < binding.since) throw errors.orderNotFound();
  } else if (order.assigneeId !== auth.staffId)
    assertInArea(auth, 'workOrders', order.areaCode, errors.orderNotFound);
  return order;
}

export async function viewFor(deps: AppDeps, auth: Auth, order: WorkOrder) {
  const { nodes } = await nodeConfig(order.type);
  if (auth.kind === 'resident') return residentView(order, nodes, photoSigner(deps));
  return staffView(order, nodes, await clocksOf(order.orderNo), deps.clock.now(), photoSigner(deps));
}

export async function getOrder(deps: AppDeps, auth: Auth, orderNo: string) {
  return viewFor(deps, auth, await findAccessibleOrder(auth, orderNo));
}

export async function transitionOrder(deps: AppDeps, auth: Auth, orderNo: string, body: T.TransitionBody) {
  const order = await findAccessibleOrder(auth, orderNo);
  await claimPhotos(auth, body.photos ?? [], order.accountNo);
  const updated = await transition(deps, order, actorOf(auth), body);
  return viewFor(deps, auth, updated);
}

export async function listMine(deps: AppDeps, userId: string, q: z.infer<typeof T.ListMyWorkOrdersQuery>) {
  const mine = await currentBindings(userId);
  const bindings = q.accountNo ? mine.filter((b) => b.accountNo === q.accountNo) : mine;
  const seen = visibleSince(bindings, 'residentUserId', userId);
  const filter = {
    ...(q.accountNo ? { $and: [seen, { accountNo: q.accountNo }] } : seen),
    ...(q.state ? { state: q.state } : {}),
  };
  const [rows, total] = await Promise.all([
    WorkOrderModel.find(filter)
      .sort({ createdAt: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<WorkOrder[]>(),
    WorkOrderModel.countDocuments(filter),
  ]);
  const configs = await nodeConfigs(rows.map((o) => o.type));
  const items = rows.map((o) => residentView(o, configs.get(o.type)!.nodes, photoSigner(deps)));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** The staff board: filters, area limits (staff see their areas unless admin/manager), SLA countdowns. */
export async function listForStaff(
  deps: AppDeps,
  auth: Extract<Auth, { kind: 'staff' }>,
  q: z.infer<typeof T.ListStaffWorkOrdersQuery>,
) {
  const and: Record<string, unknown>[] = [];
  // The rank beside the state: the list's index leads with it (a state alone would read all of that index).
  if (q.state) and.push({ state: q.state, stateRank: STATE_RANK[q.state] });
  if (q.status) and.push({ status: q.status });
  if (q.type) and.push({ type: q.type });
  if (q.priority) and.push({ priority: q.priority });
  if (q.assigneeId) and.push({ assigneeId: q.assigneeId });
  if (q.mine === 'true') and.push({ assigneeId: auth.staffId });
  if (q.queue) and.push({ queue: q.queue, state: 'open', stateRank: STATE_RANK.open });
  if (q.escalated) and.push({ escalated: q.escalated === 'true' });
  if (q.accountNo) and.push({ accountNo: q.accountNo });
  if (q.areaPrefix) and.push({ areaCode: { $regex: `^${escapeRegex(q.areaPrefix)}` } });
  if (q.mine !== 'true') {
    const scope = areaFilter(auth, 'workOrders', { orElse: [{ assigneeId: auth.staffId }] });
    if (Object.keys(scope).length) and.push(scope);
  }
  const filter = and.length ? { $and: and } : {};
  // Three round trips whatever the page size: the page with its total, the node configurations of the
  // types on it, and their SLA clocks.
  const { items: rows, ...counted } = await findPage<WorkOrder>(WorkOrderModel, filter, {
    // What needs work first: open orders, the nearest deadline first and those with none running after them;
    // then resolved, closed and cancelled ones; the newest first among equals.
    sort: { stateRank: 1, listDueAt: 1, createdAt: -1 },
    skip: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    countUpTo: deps.config.LIST_COUNT_UP_TO,
  });
  const orderNos = rows.map((o) => o.orderNo);
  const [configs, clocks] = await Promise.all([
    nodeConfigs(rows.map((o) => o.type)),
    clocksOfOrders(orderNos),
  ]);
  const now = deps.clock.now();
  const items = rows.map((o) =>
    staffView(o, configs.get(o.type)!.nodes, clocks.get(o.orderNo) ?? [], now, photoSigner(deps)),
  );
  return { items, ...counted, page: q.page, pageSize: q.pageSize };
}

/** The 户号 an order was filed for, or null when there is no such order. */
export async function orderAccountNo(orderNo: string): Promise<string | null> {
  const o = await WorkOrderModel.findOne({ orderNo }, { accountNo: 1 }).lean<{ accountNo: string }>();
  return o?.accountNo ?? null;
}

/** The numbers of an account's orders of one type, oldest first. */
export async function orderNosOfAccount(accountNo: string, type: string): Promise<string[]> {
  const rows = await WorkOrderModel.find({ accountNo, type }, { orderNo: 1 })
    .sort({ createdAt: 1 })
    .lean<{ orderNo: string }[]>();
  return rows.map((o) => o.orderNo);
}
