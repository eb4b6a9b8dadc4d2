/**
 * The area tree 区 → 小区 → 楼栋 with account counts, from one aggregation over accounts (closed
 * accounts left out, as notice targeting does). Cached in-process for a minute per filter: the
 * tree changes only with imports and is read by every area picker.
 */
import type { AreaQuery, AreaTree } from '@portal/types';
import { AccountModel } from './account.model';

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; tree: Promise<AreaTree> }>();

type Row = {
  _id: { district: string; community: string; building?: string | null };
  accounts: number;
  areaCode?: string;
};

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'zh-Hans-CN', { numeric: true });

export function listAreas(query: AreaQuery, now = Date.now()): Promise<AreaTree> {
  const key = query.utility ?? '*';
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.tree;
  const tree = buildTree(query).catch((e: unknown) => {
    cache.delete(key);
    throw e;
  });
  cache.set(key, { at: now, tree });
  return tree;
}

/** Forget cached trees (after an import; tests). */
export function clearAreaCache(): void {
  cache.clear();
}

async function buildTree(query: AreaQuery): Promise<AreaTree> {
  const match: Record<string, unknown> = { status: { $ne: 'closed' } };
  if (query.utility) match.utility = query.utility;
  const rows = await AccountModel.aggregate<Row>([
    { $match: match },
    {
      $group: {
        _id: {
          district: '$address.district',
          community: '$address.community',
          building: '$address.building',
        },
        accounts: { $sum: 1 },
        areaCode: { $first: '$areaCode' },
      },
    },
  ]);
  const districts = new Map<string, AreaTree['districts'][number]>();
  let total = 0;
  for (const r of rows) {
    const { district, community } = r._id;
    const building = (r._id.building ?? '').trim();
    if (!district || !community) continue;
    total += r.accounts;
    let d = districts.get(district);
    if (!d) districts.set(district, (d = { name: district, accounts: 0, communities: [] }));
    d.accounts += r.accounts;
    let c = d.communities.find((x) => x.name === community);
    if (!c)
      d.communities.push((c = { name: community, areaCode: r.areaCode ?? '', accounts: 0, buildings: [] }));
    c.accounts += r.accounts;
    if (building) {
      const b = c.buildings.find((x) => x.name === building);
      if (b) b.accounts += r.accounts;
      else c.buildings.push({ name: building, accounts: r.accounts });
    }
  }
  const list = [...districts.values()].sort(byName);
  for (const d of list) {
    d.communities.sort(byName);
    for (const c of d.communities) c.buildings.sort(byName);
  }
  return { accounts: total, districts: list };
}
