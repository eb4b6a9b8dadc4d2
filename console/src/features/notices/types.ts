/** What the notice screens read and send (types/src/notices.ts is the contract). */
export type {
  CreateNoticeBody,
  NoticeAudience,
  NoticeDelivery,
  NoticeDeliveryRow,
  NoticeTarget,
  StaffNotice,
} from '@portal/types';
import type { NoticeTarget, StaffNotice } from '@portal/types';

/**
 * The area picker's entries: "朝阳区" (a district), "朝阳区/望京园" (a community) or
 * "朝阳区/望京园/1" (a building); 户号 lists are typed or pasted separately.
 */
export function toTarget(areas: string[], accountNos: string): NoticeTarget {
  const t: NoticeTarget = { districts: [], communities: [], buildings: [], accountNos: [] };
  for (const raw of areas) {
    const [district, community, building] = raw.split('/').map((s) => s.trim());
    if (!district) continue;
    if (building && community) t.buildings.push({ district, community, building });
    else if (community) t.communities.push({ district, community });
    else t.districts.push(district);
  }
  t.accountNos = accountNos.split(/[\s,,;;]+/).filter(Boolean);
  return t;
}

/** The affected area as staff read it: districts, communities, buildings and the 户号 count. */
export function targetText(t: StaffNotice['target']): string {
  const parts = [
    ...t.districts,
    ...t.communities.map((c) => `${c.district}${c.community}`),
    ...t.buildings.map((b) => `${b.district}${b.community}${b.building}栋`),
  ];
  if (t.accountNoCount) parts.push(`指定户号 ${t.accountNoCount} 户`);
  return parts.join('、') || '—';
}
