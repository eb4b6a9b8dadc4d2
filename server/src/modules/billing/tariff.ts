/**
 * Tariffs turn a period's usage into bill items. Pluggable: an account's `contract.tariff` names one
 * registered here; `registerTariff` adds another (commercial flat rate, heating by area, ...).
 * Amounts are integer fen; usage may have decimals (m³), so each line rounds once.
 */
import type { BillItem } from '@portal/types';

export type TariffInput = {
  utility: 'gas' | 'water' | 'heating';
  /** This period's usage. */
  usage: number;
  /** Usage already billed earlier in the same calendar year (annual tiers). */
  yearToDateUsage: number;
};

export type Tariff = (input: TariffInput) => BillItem[];

type Tier = { upTo: number; priceFen: number; label: string };

const UNITS = { gas: 'm³', water: 't', heating: 'GJ' } as const;
const NAMES = { gas: '燃气费', water: '水费', heating: '热费' } as const;

/** 阶梯价: annual volume tiers; the part of this period's usage falling in each tier is priced there. */
export function tieredTariff(tiers: Record<TariffInput['utility'], Tier[]>): Tariff {
  return ({ utility, usage, yearToDateUsage }) => {
    const items: BillItem[] = [];
    let from = yearToDateUsage;
    const to = yearToDateUsage + usage;
    for (const tier of tiers[utility]) {
      if (from >= to) break;
      if (from >= tier.upTo) continue;
      const part = Math.min(to, tier.upTo) - from;
      const quantity = Math.round(part * 1000) / 1000;
      items.push({
        kind: 'usage',
        name: `${NAMES[utility]}(${tier.label})`,
        quantity,
        unit: UNITS[utility],
        unitPriceFen: tier.priceFen,
        amountFen: Math.round(quantity * tier.priceFen),
      });
      from += part;
    }
    return items;
  };
}

/** Residential defaults (Beijing-style 居民阶梯气价 / 水价). */
export const residentialTiered = tieredTariff({
  gas: [
    { upTo: 350, priceFen: 263, label: '第一阶梯' },
    { upTo: 500, priceFen: 316, label: '第二阶梯' },
    { upTo: Infinity, priceFen: 395, label: '第三阶梯' },
  ],
  water: [
    { upTo: 180, priceFen: 500, label: '第一阶梯' },
    { upTo: 260, priceFen: 700, label: '第二阶梯' },
    { upTo: Infinity, priceFen: 900, label: '第三阶梯' },
  ],
  heating: [{ upTo: Infinity, priceFen: 4500, label: '计量热价' }],
});

const tariffs = new Map<string, Tariff>([['residential-tiered', residentialTiered]]);

export function registerTariff(name: string, tariff: Tariff): void {
  tariffs.set(name, tariff);
}

export function tariffFor(name: string | undefined | null): Tariff {
  return tariffs.get(name ?? '') ?? residentialTiered;
}

export const usageUnit = (utility: TariffInput['utility']): string => UNITS[utility];
