/**
 * The area tree from listAreas (区 → 小区 → 楼栋 with account counts) turned into what the pickers
 * show: cascader options keyed by names ("朝阳区/望京园/1", the notice target's form), and area-code
 * options (a district's code prefix such as "CY", a community's code such as "CY-WJY").
 */
import type { AreaTree } from '@portal/types';

export type { AreaTree };
export type AreaOption = { value: string; label: string; children?: AreaOption[] };

export function areaCascaderOptions(tree: AreaTree): AreaOption[] {
  return tree.districts.map((d) => ({
    value: d.name,
    label: `${d.name}(${d.accounts}户)`,
    children: d.communities.map((c) => ({
      value: c.name,
      label: `${c.name}(${c.accounts}户)`,
      children: c.buildings.length
        ? c.buildings.map((b) => ({ value: b.name, label: `${b.name}栋(${b.accounts}户)` }))
        : undefined,
    })),
  }));
}

/** Cascader paths ↔ "区/小区/楼栋" strings. */
export const pathsToAreas = (paths: Array<Array<string | number>>): string[] =>
  paths.map((p) => p.map(String).join('/'));
export const areasToPaths = (areas: string[] = []): string[][] =>
  areas.map((a) => a.split('/').map((s) => s.trim()));

/** A district's code prefix: the first segment every one of its communities' codes shares. */
function districtCode(codes: string[]): string | undefined {
  const heads = new Set(codes.filter(Boolean).map((c) => c.split('-')[0]));
  return heads.size === 1 ? [...heads][0] : undefined;
}

export function areaCodeOptions(tree: AreaTree): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  const seen = new Set<string>();
  const add = (value: string, label: string) => {
    if (!value || seen.has(value)) return;
    seen.add(value);
    out.push({ value, label: `${value} ${label}` });
  };
  for (const d of tree.districts) {
    const code = districtCode(d.communities.map((c) => c.areaCode));
    if (code) add(code, d.name);
    for (const c of d.communities) add(c.areaCode, `${d.name}${c.name}`);
  }
  return out;
}
