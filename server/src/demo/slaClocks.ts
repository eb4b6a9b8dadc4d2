/**
 * The SLA clocks of the demo's work orders, as the live service would have run them over each order's history:
 * the board counts down on the open orders, the cockpit's on-time rate and the escalations inbox have their
 * figures, and the SLA sweep finds nothing of the past left to act on when the demo starts.
 */
import type { NodeDef } from '@portal/types';
import { supervisorsCovering } from '../modules/accounts';
import { clocksToStart } from '../modules/workorders/sla/sla.service';
import { EscalationModel, SlaTimerModel, type SlaTimer } from '../modules/workorders/sla/sla.model';

/** What the demo seeder knows of an order before it is inserted. */
export type SeededOrder = {
  orderNo: string;
  type: string;
  category: string;
  priority: string;
  areaCode: string;
  state: string;
  assigneeId?: string;
  history: { at: Date; action: string; to: string }[];
};

export type OrderClocks = {
  timers: SlaTimer[];
  /** The nearest running deadline (an open order's countdown). */
  dueAt?: Date;
  /** Clocks that breached and escalate (not those that take the order back from its assignee). */
  escalations: SlaTimer[];
};

const MIN = 60_000;

/**
 * Each clock starts when the order entered its policy's start node, as `clocksToStart` starts it live. It is
 * met when the order reached the target by the deadline and breached at the deadline otherwise; a clock of an
 * order cancelled or resolved first is stopped then. An open order's clocks still within time keep running.
 */
export async function historicClocks(order: SeededOrder, nodes: NodeDef[], now: Date): Promise<OrderClocks> {
  const index = (key: string) => nodes.findIndex((n) => n.key === key);
  const steps = order.history;
  const ended =
    order.state === 'open' ? undefined : steps.find((s) => s.action === 'cancel' || s.to === 'completed');
  const timers: SlaTimer[] = [];
  for (const [seq, step] of steps.entries()) {
    if (step.action === 'cancel') continue;
    for (const clock of await clocksToStart({ ...order, seq }, [step.to], step.to, nodes, step.at)) {
      const reached = steps.slice(seq + 1).find((s) => index(s.to) >= index(clock.targetNode));
      const end = reached ?? ended;
      const deadline = clock.deadline!;
      const { deadline: _deadline, runningSince: _since, ...past } = clock;
      // Reached at the deadline is in time; the sweep breaches a running clock at its deadline.
      if (end ? deadline < end.at : deadline <= now)
        timers.push({ ...past, status: 'breached', breachedAt: deadline, endedAt: deadline } as SlaTimer);
      else if (end)
        timers.push({ ...past, status: reached ? 'met' : 'stopped', endedAt: end.at } as SlaTimer);
      else timers.push(clock);
    }
  }
  const running = timers.filter((t) => t.status === 'running').map((t) => t.deadline!.getTime());
  return {
    timers,
    dueAt: running.length ? new Date(Math.min(...running)) : undefined,
    escalations: timers.filter((t) => t.status === 'breached' && t.onBreach === 'escalate'),
  };
}

/**
 * Writes the clocks, and an inbox entry for each escalating breach: still to confirm while the order is open,
 * confirmed half an hour after the breach once it is not.
 */
export async function saveHistoricClocks(orders: { state: string }[], clocks: OrderClocks[]): Promise<void> {
  const timers = clocks.flatMap((c) => c.timers);
  if (timers.length)
    await SlaTimerModel.insertMany(timers, { ordered: false }).catch((e: { code?: number }) => {
      if (e.code !== 11000) throw e;
    });
  const supervisors = new Map<string, string[]>();
  const entries = [];
  for (const [i, c] of clocks.entries()) {
    for (const [level, t] of c.escalations.entries()) {
      if (!supervisors.has(t.areaCode))
        supervisors.set(
          t.areaCode,
          (await supervisorsCovering(t.areaCode)).map((s) => s.id),
        );
      entries.push({
        _id: t._id,
        orderNo: t.orderNo,
        policy: t.policyKey,
        label: t.label,
        areaCode: t.areaCode,
        breachedAt: t.breachedAt,
        level: level + 1,
        supervisorIds: supervisors.get(t.areaCode),
        ...(orders[i]!.state === 'open'
          ? {}
          : { acknowledgedAt: new Date(t.breachedAt!.getTime() + 30 * MIN) }),
      });
    }
  }
  if (entries.length)
    await EscalationModel.insertMany(entries, { ordered: false }).catch((e: { code?: number }) => {
      if (e.code !== 11000) throw e;
    });
}
