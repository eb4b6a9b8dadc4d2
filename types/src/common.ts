import { z } from './zod';
import { ERROR_CODES } from './errorCodes';
import { isDay } from './time';

/** The API's one error shape: `{ error: { code, message, fields? } }`. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z
        .enum(ERROR_CODES)
        .openapi({ example: 'BILL_ALREADY_PAID', description: 'One of ErrorCode (types/src/errorCodes.ts)' }),
      message: z.string().openapi({ example: '该账单已缴清' }),
      requestId: z.string().optional(),
      fields: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .openapi({ description: 'Validation errors: one entry per offending field' }),
      retryAfterSeconds: z.number().int().optional(),
    }),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Strings from clients are bounded; objects such as {"$gt": ""} are rejected by type. */
export const shortText = (max = 100) => z.string().trim().min(1).max(max);

/** A MongoDB id: 24 hex digits. No regex flags anywhere in types/: OpenAPI patterns cannot carry them. */
export const ObjectId = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, '无效的编号')
  .openapi({ example: '6740a1b2c3d4e5f601234567' });
export type ObjectId = z.infer<typeof ObjectId>;

/**
 * The `Idempotency-Key` header of an operation that takes one: the client makes one per attempt (when a form
 * opens) and sends it again on every retry of that attempt, so a repeat lands on the first result.
 */
export const IdempotencyKey = z
  .string({ error: (i) => (i.input === undefined ? '缺少 Idempotency-Key 请求头' : undefined) })
  .regex(/^[\w.:-]{8,64}$/, '幂等键格式不正确(8–64 位字母、数字或 - _ . :)')
  .openapi({ example: 'refund-0b7e2c4a-5d1f-4c8e-9a61-3f2d7c9e1b20' });
export type IdempotencyKey = z.infer<typeof IdempotencyKey>;

/** 户号: digits and letters, 6–20 chars. */
export const AccountNo = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{6,20}$/, '户号格式不正确')
  .openapi({ example: '3101000123' });
export type AccountNo = z.infer<typeof AccountNo>;

/**
 * Dates clients send: a real calendar day in the years the portal keeps (calendars, rollups, bills), so
 * '0000-00-00', '2027-02-30' or year 0034 is a 400 naming the field, never a search across two millennia.
 * The pattern (in /openapi.json too) fixes the shape and the years; the check rejects days that do not exist.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;
const DAY_PATTERN = /^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MESSAGE = `日期应为 ${FIRST_YEAR}–${LAST_YEAR} 年间的有效日期(YYYY-MM-DD)`;

/** 'YYYY-MM-DD', a day that exists, 2000–2099. */
export const CalendarDay = z
  .string()
  .regex(DAY_PATTERN, DAY_MESSAGE)
  .refine(isDay, DAY_MESSAGE)
  .openapi({ example: '2026-11-24' });
export type CalendarDay = z.infer<typeof CalendarDay>;

const INSTANT_PATTERN =
  /^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d))?$/;
const INSTANT_MESSAGE = `时间应为 ${FIRST_YEAR}–${LAST_YEAR} 年间的 ISO 8601 时间(如 2026-11-24T08:00:00Z)`;

/** An ISO 8601 instant with its offset ('2026-11-24T08:00:00Z'), 2000–2099, as a query or body sends it. */
export const InstantInput = z
  .string()
  .regex(INSTANT_PATTERN, INSTANT_MESSAGE)
  .refine((s) => s.includes('T') && isDay(s.slice(0, 10)) && Number.isFinite(Date.parse(s)), INSTANT_MESSAGE)
  .openapi({ example: '2026-11-24T08:00:00Z' });
export type InstantInput = z.infer<typeof InstantInput>;

/** A day ('2026-11-24') or an instant ('2026-11-24T08:00:00+08:00'), 2000–2099. */
export const DayOrInstant = z
  .string()
  .trim()
  .regex(
    /^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?)?$/,
    '日期格式应为 YYYY-MM-DD 或 ISO 时间',
  )
  .refine((s) => isDay(s.slice(0, 10)) && Number.isFinite(Date.parse(s)), DAY_MESSAGE)
  .openapi({ example: '2026-11-24' });
export type DayOrInstant = z.infer<typeof DayOrInstant>;

export const Fen = z.number().int().nonnegative().openapi({ description: 'Amount in fen (分), integer' });
export type Fen = z.infer<typeof Fen>;

export const IsoDateTime = z.string().openapi({ format: 'date-time', example: '2026-11-24T08:00:00.000Z' });
export type IsoDateTime = z.infer<typeof IsoDateTime>;

export const Utility = z.enum(['gas', 'water', 'heating']);
export type Utility = z.infer<typeof Utility>;

export const StaffRole = z.enum([
  'agent',
  'dispatcher',
  'technician',
  'supervisor',
  'operator',
  'manager',
  'admin',
]);
export type StaffRole = z.infer<typeof StaffRole>;

export const Page = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type Page = z.infer<typeof Page>;

export const paged = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    /** Present when the count stopped at `total` (LIST_COUNT_UP_TO): there are more matches than that. */
    totalCapped: z.literal(true).optional().openapi({
      description: 'the count stopped at `total`: there are more matches; a narrower filter counts them',
    }),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

export const Ok = z.object({ ok: z.literal(true) }).openapi('Ok');
export type Ok = z.infer<typeof Ok>;

export const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  uptimeSeconds: z.number().optional(),
});
export type Health = z.infer<typeof Health>;

/** /readyz when the database answers; otherwise 503 in the error shape (DATABASE_UNAVAILABLE). */
export const Readiness = z.object({ status: z.literal('ok') }).openapi('Readiness');
export type Readiness = z.infer<typeof Readiness>;
