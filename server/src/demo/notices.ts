/**
 * Demo notices (after the accounts seeder): an active planned gas outage in 朝阳区 望京园 and an
 * emergency water outage in 海淀区 清河小区 already restored. Both areas hold a home of the demo resident.
 * Published through the service, so audiences and pushes are the real ones.
 */
import type { AppDeps } from '../deps';
import type { StaffAuth } from '../platform/auth/auth';
import { createNotices } from '../modules/notices/notices.service';

export async function seedNotices(deps: AppDeps): Promise<void> {
  const notices = createNotices(deps);
  const operator: StaffAuth = {
    kind: 'staff',
    staffId: 'demo-seed',
    username: 'operator',
    roles: ['operator'],
    areas: [],
  };
  const at = (hours: number) => new Date(deps.clock.now().getTime() + hours * 3_600_000).toISOString();

  const planned = await notices.create(operator, {
    utility: 'gas',
    kind: 'planned',
    reason: '中压燃气管道迁改施工',
    safetyAdvice: '停气前请关闭燃气表前阀门;恢复供气后请勿自行开阀,等待工作人员入户检查',
    target: {
      districts: [],
      communities: [{ district: '朝阳区', community: '望京园' }],
      buildings: [],
      accountNos: [],
    },
    startAt: at(72),
    expectedEndAt: at(80),
  });
  await notices.publish(planned.id, {});

  const restored = await notices.create(operator, {
    utility: 'water',
    kind: 'emergency',
    reason: '供水主管道爆管抢修',
    safetyAdvice: '恢复供水初期水质可能浑浊,请放水数分钟后再使用',
    target: {
      districts: [],
      communities: [{ district: '海淀区', community: '清河小区' }],
      buildings: [],
      accountNos: [],
    },
    startAt: at(-8),
    expectedEndAt: at(-2),
  });
  await notices.publish(restored.id, { urgentReason: '管道突发爆裂,需立即停水抢修' });
  await notices.restore(restored.id, { restoredAt: at(-1) });
}
