/**
 * 立即重算 (runKpiRollup; manager and admin, as the server checks): rolls up now the days and 账期 whose
 * orders, bills or payments changed since the last run and scans for alerts, instead of waiting for the
 * scheduled job (e.g. right after an import or a correction).
 */
import { Button, Popconfirm } from 'antd';
import { call } from '../../services/api';
import { reportSuccess } from '../../services/notify';
import { useAction } from '../../shared/useAction';
import { useSession } from '../auth/useSession';

/** The roles runKpiRollup admits on the server. */
const MAY_RECOMPUTE = ['manager', 'admin'];

export function KpiRollupButton({ onDone }: { onDone: () => void }) {
  const roles = useSession()?.staff.roles ?? [];
  const [busy, run] = useAction();
  if (!roles.some((r) => MAY_RECOMPUTE.includes(r))) return null;
  const recompute = async () => {
    const r = await run(() => call('runKpiRollup'));
    if (!r) return;
    reportSuccess(`已重算 ${r.days} 天、${r.periods} 个账期,新增告警 ${r.alerts} 条`);
    onDone();
  };
  return (
    <Popconfirm
      title="立即重算指标?"
      description="汇总上次统计以来变动的工单、账单与缴费,并检查告警。"
      okText="重算"
      cancelText="取消"
      onConfirm={recompute}
    >
      <Button loading={busy}>立即重算</Button>
    </Popconfirm>
  );
}
