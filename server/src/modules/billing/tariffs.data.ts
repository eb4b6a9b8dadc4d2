/**
 * The tariffs the portal knows out of the box (Beijing-style figures, 2026). A utility with other
 * prices registers its own definitions (same schema: types/src/tariffs.ts); an account's
 * `contract.tariff` names one of them.
 */
import type { TariffDefinition } from '@portal/types';

export const DEFAULT_TARIFFS: TariffDefinition[] = [
  {
    name: 'residential-tiered',
    title: '居民阶梯价',
    category: 'residential',
    rules: {
      // 居民阶梯气价: 0–350 m³ a year, 350–500 m³, above 500 m³.
      gas: {
        kind: 'tiered',
        tiers: [
          { label: '第一阶梯', upTo: 350, priceFen: 263 },
          { label: '第二阶梯', upTo: 500, priceFen: 316 },
          { label: '第三阶梯', upTo: null, priceFen: 395 },
        ],
      },
      // 居民阶梯水价: 0–180 t a year, 180–260 t, above 260 t.
      water: {
        kind: 'tiered',
        tiers: [
          { label: '第一阶梯', upTo: 180, priceFen: 500 },
          { label: '第二阶梯', upTo: 260, priceFen: 700 },
          { label: '第三阶梯', upTo: null, priceFen: 900 },
        ],
      },
      // 计量供热: metered heat at one price per GJ.
      heating: { kind: 'flat', label: '计量热价', priceFen: 4_500 },
    },
  },
  {
    // 非居民 (工商业、公福): one price per unit, heating by area.
    name: 'non-residential',
    title: '非居民价格',
    category: 'nonResidential',
    rules: {
      gas: { kind: 'flat', label: '非居民用气', priceFen: 323 },
      water: { kind: 'flat', label: '非居民用水', priceFen: 950 },
      heating: { kind: 'area', label: '非居民供暖', priceFenPerM2: 4_100 },
    },
  },
  {
    // 居民集中供热按面积: 供暖面积 × 24 元/m² per heating season.
    name: 'heating-area',
    title: '居民供暖(按面积)',
    category: 'residential',
    rules: { heating: { kind: 'area', label: '居民供暖', priceFenPerM2: 2_400 } },
  },
];
