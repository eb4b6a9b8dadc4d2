/** Labels and checks for the 工单节点 screen; the sequence rules themselves are the server's (putNodeConfig). */
import type { NodeDef, WorkOrderAction } from '@portal/types';
import type { FieldProblem } from '../../services/apiError';

export const ACTION_LABELS: Record<WorkOrderAction, string> = {
  dispatch: '派单',
  accept: '接单',
  reject: '退单',
  depart: '出发',
  arrive: '到达',
  start: '开始处理',
  survey: '勘察',
  plan: '出方案',
  construct: '施工',
  verify: '验收',
  approve: '审批',
  complete: '完工',
  close: '办结',
  cancel: '撤销',
  hold: '挂起',
  resume: '恢复',
  reopen: '重新打开',
  notHome: '未遇户',
  escalate: '升级',
};

/** What can be said before asking the server: too few or too many steps, a key used twice. */
export function nodeProblems(nodes: readonly Pick<NodeDef, 'key'>[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (nodes.length < 2) problems.push({ path: 'body.nodes', message: '至少需要 2 个节点' });
  if (nodes.length > 20) problems.push({ path: 'body.nodes', message: '最多 20 个节点' });
  const seen = new Set<string>();
  nodes.forEach((n, i) => {
    if (seen.has(n.key)) problems.push({ path: `body.nodes.${i}.key`, message: `节点编码 ${n.key} 重复` });
    seen.add(n.key);
  });
  return problems;
}

const NODE_FIELDS = ['key', 'label', 'action', 'roles', 'assigneeOnly', 'residentText'] as const;
type NodeField = (typeof NODE_FIELDS)[number];

/** The form field a server problem names (`body.nodes.3.label` → ['nodes', 3, 'label']); none for the list itself. */
export function toFormPath(path: string): ['nodes', number, NodeField] | undefined {
  const [list, index, field] = path.replace(/^body\./, '').split('.');
  const known = NODE_FIELDS.find((f) => f === field);
  if (list !== 'nodes' || !/^\d+$/.test(index ?? '') || !known) return undefined;
  return ['nodes', Number(index), known];
}
