/**
 * Tariffs as data: how a utility prices gas, water and heating for each kind of customer. An account's
 * `contract.tariff` names one. Three rules exist:
 * - `tiered` (阶梯价): annual volume tiers; the part of a period's usage that falls in a tier is priced there;
 * - `flat` (非居民单一价): one price per unit of usage;
 * - `area` (按面积): heating charged per heating season as 供暖面积 (m²) × price per m².
 * Prices are integer fen per unit (m³, t, GJ, m²).
 */
import { z } from './zod';
import { Fen } from './common';

export const Tier = z.object({
  label: z
    .string()
    .trim()
    .min(1, '请填写阶梯名称')
    .max(20, '阶梯名称不超过 20 字')
    .openapi({ example: '第一阶梯' }),
  /** Annual usage at which this tier ends; null: no upper bound (the last tier). */
  upTo: z.number().positive('阶梯上限应大于 0').nullable().openapi({ example: 350 }),
  priceFen: z.number().int('单价应为整数(分)').positive('单价应大于 0'),
});
export type Tier = z.infer<typeof Tier>;

export const TariffRule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tiered'),
    tiers: z
      .array(Tier)
      .min(1, '至少一个阶梯')
      .max(6, '最多 6 个阶梯')
      .refine((ts) => ts.at(-1)?.upTo === null, '最后一个阶梯不设上限')
      .refine(
        (ts) => ts.every((t, i) => i === 0 || (t.upTo ?? Infinity) > (ts[i - 1].upTo ?? Infinity)),
        '阶梯上限应逐级递增',
      ),
  }),
  z.object({
    kind: z.literal('flat'),
    label: z.string().trim().min(1).max(20),
    priceFen: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal('area'),
    label: z.string().trim().min(1).max(20),
    /** Fen per m² of 供暖面积 for one heating season. */
    priceFenPerM2: z.number().int().positive(),
  }),
]);
export type TariffRule = z.infer<typeof TariffRule>;

export const CustomerCategory = z.enum(['residential', 'nonResidential']);
export type CustomerCategory = z.infer<typeof CustomerCategory>;

export const TariffDefinition = z
  .object({
    /** What `contract.tariff` names, e.g. `residential-tiered`. */
    name: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, '价格方案编号只能含小写字母、数字和连字符'),
    title: z.string().trim().min(1).max(40).openapi({ example: '居民阶梯价' }),
    category: CustomerCategory,
    rules: z.object({
      gas: TariffRule.optional(),
      water: TariffRule.optional(),
      heating: TariffRule.optional(),
    }),
  })
  .openapi('TariffDefinition');
export type TariffDefinition = z.infer<typeof TariffDefinition>;

export const TariffList = z.object({ items: z.array(TariffDefinition) }).openapi('TariffList');
export type TariffList = z.infer<typeof TariffList>;

/** Where this year's usage stands against the annual tiers ("今年已用 212 m³,第一阶梯剩余 138 m³"). */
export const TierPosition = z
  .object({
    year: z.number().int(),
    unit: z.string(),
    /** Usage billed in the calendar year up to and including the period asked about. */
    usedThisYear: z.number(),
    tiers: z.array(
      z.object({ label: z.string(), from: z.number(), upTo: z.number().nullable(), priceFen: Fen }),
    ),
    /** Index into tiers of the tier the next unit of usage falls in. */
    currentTier: z.number().int(),
    /** Usage left before the next tier starts; null in the last tier. */
    remainingInTier: z.number().nullable(),
  })
  .openapi('TierPosition');
export type TierPosition = z.infer<typeof TierPosition>;
