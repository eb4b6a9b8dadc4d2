/** Orders as residents see them (plain Chinese timeline, masked technician) and as staff see them. */
import type {
  NodeDef,
  StaffWorkOrder,
  WorkOrderCategory,
  WorkOrderPriority,
  WorkOrderType,
  WorkOrderView,
} from '@portal/types';
import { maskPhone } from '../../../platform/mask';
import { photoUrls, type PhotoSigner } from '../../uploads';
import {
  CANCELLED_TEXT,
  CATEGORY_LABELS,
  ON_HOLD_TEXT,
  PRIORITY_LABELS,
  REPLY_TYPES,
  TYPE_LABELS,
  APPLICATION_TYPES,
  rejectedText,
} from './labels';
import type { SlaTimer } from '../sla/sla.model';
import type { WorkOrder } from './workorder.model';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** What the resident reads for each stamped step. Internal steps (escalations) are left out. */
function timelineText(h: WorkOrder['history'][number], nodes: NodeDef[], type?: string): string | undefined {
  const node = nodes.find((n) => n.key === h.to);
  // The staff's reply to a complaint or suggestion is what the resident came for.
  if (h.action === 'complete' && h.note && type && REPLY_TYPES.includes(type))
    return `${node?.residentText ?? '已答复'}。答复:${h.note}`;
  switch (h.action) {
    case 'create':
      return '您的工单已提交,已受理';
    case 'escalate':
      return undefined;
    case 'dispatch':
      return '已为您安排服务人员';
    case 'reject':
    case 'timeout':
      return '正在为您重新安排服务人员';
    case 'hold':
      return ON_HOLD_TEXT;
    case 'resume':
      return '已恢复处理';
    case 'cancel':
      return h.note && h.by.kind !== 'resident' && type && APPLICATION_TYPES.includes(type)
        ? rejectedText(h.note)
        : CANCELLED_TEXT;
    case 'reopen':
      return '工单已重新打开,将再次为您处理';
    case 'notHome':
      return h.to === 'closed' ? '多次上门未遇,工单已关闭' : '上门未遇,工作人员将与您另约时间';
    case 'rate':
      return '感谢您的评价';
    case 'external':
      return node?.residentText ?? '工单进度已更新';
    default:
      return node?.residentText;
  }
}

/** `sign` (upload.service photoSigner) gives photo URLs that work in an image tag; without it, token paths. */
export function residentView(o: WorkOrder, nodes: NodeDef[], sign: PhotoSigner = photoUrls): WorkOrderView {
  const cur = nodes.findIndex((n) => n.key === o.status);
  const node = nodes[cur];
  const label = o.state === 'cancelled' ? '已取消' : (node?.label ?? o.status);
  const technicianName = o.external?.technicianName ?? o.assigneeName;
  const technicianPhone = o.external?.technicianPhone ?? o.assigneePhone;
  return {
    orderNo: o.orderNo,
    accountNo: o.accountNo,
    type: o.type as WorkOrderType,
    typeLabel: TYPE_LABELS[o.type as WorkOrderType] ?? o.type,
    category: o.category as WorkOrderCategory,
    categoryLabel: CATEGORY_LABELS[o.category as WorkOrderCategory] ?? o.category,
    priority: o.priority as WorkOrderPriority,
    priorityLabel: PRIORITY_LABELS[o.priority as WorkOrderPriority] ?? o.priority,
    state: o.state,
    status: o.status,
    statusLabel: label,
    currentStep:
      o.state === 'cancelled' ? CANCELLED_TEXT : o.onHold ? ON_HOLD_TEXT : (node?.residentText ?? label),
    onHold: !!o.onHold,
    description: o.description,
    address: o.address,
    contactPhoneMasked: maskPhone(o.contactPhone),
    photos: (o.photos ?? []).map((id) => ({ id, ...sign(id) })),
    steps: nodes.map((n, i) => ({
      key: n.key,
      label: n.label,
      done: o.state !== 'cancelled' && i < cur,
      current: i === cur && o.state !== 'cancelled',
    })),
    timeline: (o.history ?? []).flatMap((h) => {
      const text = timelineText(h, nodes, o.type);
      if (!text) return [];
      const withTech =
        h.action === 'dispatch' || h.to === 'taken'
          ? `${text}${technicianName && o.assigneeName ? `(${o.assigneeName})` : ''}`
          : text;
      return [
        {
          at: iso(h.at)!,
          node: h.to,
          label: nodes.find((n) => n.key === h.to)?.label ?? (h.to === 'cancelled' ? '已取消' : h.to),
          text: withTech,
          ...(h.photos?.length ? { photos: h.photos } : {}),
        },
      ];
    }),
    technician: technicianName ? { name: technicianName, phoneMasked: maskPhone(technicianPhone) } : null,
    eta: iso(o.eta),
    appointment:
      o.appointmentId && o.appointmentStartAt && o.appointmentEndAt
        ? { id: o.appointmentId, startAt: iso(o.appointmentStartAt)!, endAt: iso(o.appointmentEndAt)! }
        : null,
    rating: o.rating?.score
      ? {
          score: o.rating.score,
          tags: o.rating.tags ?? [],
          comment: o.rating.comment ?? undefined,
          at: iso(o.rating.at)!,
        }
      : null,
    canRate: o.state === 'resolved' && !o.rating?.score,
    canCancel:
      o.state === 'open' &&
      cur <
        Math.max(
          nodes.findIndex((n) => n.key === 'taken'),
          1,
        ),
    createdAt: iso(o.createdAt)!,
    external: o.external?.mode === 'forwarded',
  };
}

export function staffView(
  o: WorkOrder,
  nodes: NodeDef[],
  clocks: SlaTimer[],
  now: Date,
  sign: PhotoSigner = photoUrls,
): StaffWorkOrder {
  const secs = (d: Date | null | undefined) =>
    d ? Math.round((new Date(d).getTime() - now.getTime()) / 1000) : null;
  return {
    ...residentView(o, nodes, sign),
    areaCode: o.areaCode,
    queue: (o.queue ?? 'none') as 'none' | 'dispatch',
    assigneeId: o.assigneeId ?? null,
    assigneeName: o.assigneeName ?? null,
    team: o.team ?? null,
    dispatchRule: o.dispatchRule ?? null,
    escalated: !!o.escalated,
    escalationLevel: o.escalationLevel ?? 0,
    slaDueAt: iso(o.slaDueAt),
    slaRemainingSeconds: secs(o.slaDueAt),
    sla: clocks.map((t) => ({
      key: t.policyKey,
      label: t.label,
      targetNode: t.targetNode,
      status: t.status,
      deadline: iso(t.deadline),
      remainingSeconds: t.status === 'running' ? secs(t.deadline) : null,
      calendar: t.calendar,
    })),
    materials: (o.materials ?? []).map((m) => ({
      code: m.code ?? undefined,
      name: m.name ?? '',
      spec: m.spec ?? undefined,
      quantity: m.quantity ?? 0,
      unit: m.unit ?? '个',
      unitPriceFen: m.unitPriceFen ?? undefined,
    })),
    labourMinutes: o.labourMinutes ?? null,
    attempts: o.attempts ?? 0,
    unreachable: !!o.unreachable,
    utility: (o.utility as StaffWorkOrder['utility']) ?? null,
    history: (o.history ?? []).map((h) => ({
      at: iso(h.at)!,
      action: h.action,
      from: h.from,
      to: h.to,
      by: { kind: h.by.kind, id: h.by.id ?? undefined, name: h.by.name ?? undefined },
      note: h.note ?? undefined,
      photos: h.photos ?? undefined,
      location:
        h.location?.lat != null && h.location?.lng != null
          ? { lat: h.location.lat, lng: h.location.lng }
          : undefined,
    })),
  };
}
