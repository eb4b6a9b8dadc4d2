/**
 * 节假日安排: the public holidays and make-up working days (调休) of each year, as the State Council
 * publishes them. Entered per year in the console or imported from a file; business-hours SLA clocks
 * read them. A year with none entered follows the working week (Monday to Friday).
 */
import { isDay } from './time';
import { IsoDateTime, shortText } from './common';
import { z } from './zod';

export const HolidayDayKind = z
  .enum(['holiday', 'workday'])
  .openapi({ description: 'holiday = 放假, workday = 调休上班' });
export type HolidayDayKind = z.infer<typeof HolidayDayKind>;

export const HolidayDate = z
  .string()
  .refine(isDay, '日期格式应为 YYYY-MM-DD')
  .openapi({ example: '2027-01-01' });
export type HolidayDate = z.infer<typeof HolidayDate>;

export const HolidayDay = z
  .object({
    date: HolidayDate,
    kind: HolidayDayKind,
    /** 元旦, 春节, 春节调休 ... */
    name: shortText(20),
  })
  .openapi('HolidayDay');
export type HolidayDay = z.infer<typeof HolidayDay>;

export const HolidayYearNumber = z.coerce
  .number()
  .int()
  .min(2000, '年份应在 2000–2100 之间')
  .max(2100, '年份应在 2000–2100 之间');
export type HolidayYearNumber = z.infer<typeof HolidayYearNumber>;

export const HolidayYearParams = z.object({ year: HolidayYearNumber });
export type HolidayYearParams = z.infer<typeof HolidayYearParams>;

/** Where a year's days come from: entered (console or file), published with this release, or none. */
export const HolidayYearSource = z.enum(['entered', 'published', 'none']);
export type HolidayYearSource = z.infer<typeof HolidayYearSource>;

export const HolidayYear = z
  .object({
    year: z.number().int(),
    source: HolidayYearSource,
    days: z.array(HolidayDay),
    updatedAt: IsoDateTime.optional(),
    updatedBy: z.string().optional(),
  })
  .openapi('HolidayYear');
export type HolidayYear = z.infer<typeof HolidayYear>;

/** A year's whole schedule; it replaces what was entered before. Every date must be in the year. */
export const PutHolidayYearBody = z
  .object({ days: z.array(HolidayDay).max(120) })
  .openapi('PutHolidayYearBody');
export type PutHolidayYearBody = z.infer<typeof PutHolidayYearBody>;

export const HolidayYearSummary = z.object({
  year: z.number().int(),
  source: HolidayYearSource,
  holidays: z.number().int(),
  workdays: z.number().int(),
  updatedAt: IsoDateTime.optional(),
});
export type HolidayYearSummary = z.infer<typeof HolidayYearSummary>;

export const HolidayCalendarStatus = z
  .object({
    /** Today in Shanghai, by the server's clock. */
    today: z.string(),
    nextYear: z.number().int(),
    /** From December on, when next year's holidays are not entered yet: what supervisors are told. */
    warning: z.string().nullable(),
    years: z.array(HolidayYearSummary),
  })
  .openapi('HolidayCalendarStatus');
export type HolidayCalendarStatus = z.infer<typeof HolidayCalendarStatus>;

export const HolidayImportResult = z
  .object({ rows: z.number().int(), years: z.array(HolidayYearSummary) })
  .openapi('HolidayImportResult');
export type HolidayImportResult = z.infer<typeof HolidayImportResult>;
