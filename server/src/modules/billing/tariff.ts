/**
 * Tariffs turn usage into bill items. They are data (TariffDefinition in types/src/tariffs.ts): the
 * defaults in tariffs.data.ts, and any a utility registers with `registerTariff`. An account's
 * `contract.tariff` names one; its rule for the account's utility prices the bill:
 * - tiered (阶梯): annual tiers, the part of this period's usage falling in each tier is priced there;
 * - flat (非居民): one price per unit;
 * - area (按面积供暖): 供暖面积 × price per m², once per heating season; readings do not change it.
 * Amounts are integer fen; usage may have decimals (m³), so each line rounds once.
 */
import {
  TariffDefinition,
  type BillItem,
  type TariffRule,
  type TierPosition,
  type Utility,
} from '@portal/types';
import { errors } from '../../platform/http/errors';
import { DEFAULT_TARIFFS } from './tariffs.data';

export type TariffInput = {
  utility: Utility;
  /** This period's usage. */
  usage: number;
  /** Usage already billed earlier in the same calendar year (annual tiers). */
  yearToDateUsage: number;
  /** 供暖面积 (m²): area-priced heating. */
  heatingAreaM2?: number | null;
  /** Bills a heating season ('2026-2027'): area prices charge per season, never per reading. */
  season?: string;
};

export type Tariff = (input: TariffInput) => BillItem[];

const UNITS = { gas: 'm³', water: 't', heating: 'GJ' } as const;
const NAMES = { gas: '燃气费', water: '水费', heating: '热费' } as const;
const DEFAULT_TARIFF = 'residential-tiered';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

const registry = new Map<string, TariffDefinition>();

/** Adds or replaces a tariff; the definition is checked against the contract's schema. */
export function registerTariff(definition: TariffDefinition): void {
  const parsed = TariffDefinition.parse(definition);
  registry.set(parsed.name, parsed);
}

DEFAULT_TARIFFS.forEach(registerTariff);

export const listTariffs = (): TariffDefinition[] => [...registry.values()];

/** The definition an account's `contract.tariff` names (none: the residential default). */
export function tariffDefinition(name: string | undefined | null): TariffDefinition {
  const definition = registry.get(name || DEFAULT_TARIFF);
  if (!definition) throw errors.tariffUnknown(String(name));
  return definition;
}

/** The rule that prices one utility under a named tariff. */
export function tariffRule(
  name: string | undefined | null,
  utility: Utility,
): { definition: TariffDefinition; rule: TariffRule } {
  const definition = tariffDefinition(name);
  const rule = definition.rules[utility];
  if (!rule) throw errors.tariffNotForUtility(definition.title);
  return { definition, rule };
}

function tieredItems(
  utility: Utility,
  tiers: Extract<TariffRule, { kind: 'tiered' }>['tiers'],
  usage: number,
  yearToDateUsage: number,
): BillItem[] {
  const items: BillItem[] = [];
  let from = yearToDateUsage;
  const to = yearToDateUsage + usage;
  for (const tier of tiers) {
    const upTo = tier.upTo ?? Infinity;
    if (from >= to) break;
    if (from >= upTo) continue;
    const part = Math.min(to, upTo) - from;
    const quantity = round3(part);
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
}

/** The bill items of one period (or one heating season) under a rule. */
export function priceWith(rule: TariffRule, input: TariffInput): BillItem[] {
  const { utility, usage } = input;
  switch (rule.kind) {
    case 'tiered':
      return tieredItems(utility, rule.tiers, usage, input.yearToDateUsage);
    case 'flat': {
      if (usage <= 0) return [];
      const quantity = round3(usage);
      return [
        {
          kind: 'usage',
          name: `${NAMES[utility]}(${rule.label})`,
          quantity,
          unit: UNITS[utility],
          unitPriceFen: rule.priceFen,
          amountFen: Math.round(quantity * rule.priceFen),
        },
      ];
    }
    case 'area': {
      if (!input.season) return [];
      const area = input.heatingAreaM2;
      if (!area || area <= 0) throw errors.heatingAreaMissing();
      const quantity = Math.round(area * 100) / 100;
      return [
        {
          kind: 'usage',
          name: `采暖费(${rule.label},${input.season}供暖季)`,
          quantity,
          unit: 'm²',
          unitPriceFen: rule.priceFenPerM2,
          amountFen: Math.round(quantity * rule.priceFenPerM2),
        },
      ];
    }
  }
}

/** A named tariff as a pricing function (unknown names are refused, never priced as residential). */
export function tariffFor(name: string | undefined | null): Tariff {
  const definition = tariffDefinition(name);
  return (input) => {
    const rule = definition.rules[input.utility];
    if (!rule) throw errors.tariffNotForUtility(definition.title);
    return priceWith(rule, input);
  };
}

/** The residential default, as a function (tests and benchmarks price with it directly). */
export const residentialTiered: Tariff = tariffFor(DEFAULT_TARIFF);

/** Where `usedThisYear` stands against the rule's annual tiers; null for flat and area prices. */
export function tierPosition(
  rule: TariffRule,
  utility: Utility,
  year: number,
  usedThisYear: number,
): TierPosition | null {
  if (rule.kind !== 'tiered') return null;
  const used = round3(usedThisYear);
  let from = 0;
  const tiers = rule.tiers.map((t) => {
    const row = { label: t.label, from, upTo: t.upTo, priceFen: t.priceFen };
    from = t.upTo ?? from;
    return row;
  });
  const index = tiers.findIndex((t) => t.upTo === null || used < t.upTo);
  const current = tiers[index];
  return {
    year,
    unit: UNITS[utility],
    usedThisYear: used,
    tiers,
    currentTier: index,
    remainingInTier: current.upTo === null ? null : round3(current.upTo - used),
  };
}

export const usageUnit = (utility: Utility): string => UNITS[utility];
