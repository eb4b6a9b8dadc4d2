/**
 * 节假日安排: each year's public holidays and make-up working days, entered in the console or imported from
 * a file, with the published schedules shipped in this release behind them. Business-hours calendars
 * (SLA clocks) read them through `holidayDates()`; a year with none follows the working week. From
 * December on, supervisors are warned while next year's schedule is missing.
 */
import type { Readable } from 'node:stream';
import type * as T from '@portal/types';
import { audit, type AuditBy } from '../../platform/audit';
import { errors, type FieldProblem } from '../../platform/http/errors';
import { kindOf, parseDateCell, readRows } from '../../platform/spreadsheet';
import { dayOf, isDay, yearOf, type Day } from '../../platform/time';
import { HolidayYearModel, type HolidayYearDoc } from './holidayYear.model';
import { PUBLISHED_HOLIDAYS } from './published';

type Year = {
  year: number;
  source: T.HolidayYearSource;
  days: T.HolidayDay[];
  updatedAt?: Date;
  updatedBy?: string;
};
type Who = AuditBy;

const MAX_IMPORT_ROWS = 1000;
const byDate = (a: T.HolidayDay, b: T.HolidayDay) => a.date.localeCompare(b.date);
const plain = (days: T.HolidayDay[]) => days.map(({ date, kind, name }) => ({ date, kind, name }));

/** Every year with days: the entered ones, and the published ones nobody replaced. */
async function knownYears(): Promise<Map<number, Year>> {
  const years = new Map<number, Year>();
  for (const [y, days] of Object.entries(PUBLISHED_HOLIDAYS))
    years.set(Number(y), { year: Number(y), source: 'published', days: [...days].sort(byDate) });
  const stored = await HolidayYearModel.find({}).lean<(HolidayYearDoc & { _id: number })[]>();
  for (const d of stored) {
    years.set(d._id, {
      year: d._id,
      source: 'entered',
      days: plain(d.days as T.HolidayDay[]),
      updatedAt: d.updatedAt,
      updatedBy: d.updatedBy,
    });
  }
  return years;
}

const view = (y: Year): T.HolidayYear => ({
  year: y.year,
  source: y.source,
  days: y.days,
  updatedAt: y.updatedAt?.toISOString(),
  updatedBy: y.updatedBy,
});
const summary = (y: Year) => ({
  year: y.year,
  source: y.source,
  holidays: y.days.filter((d) => d.kind === 'holiday').length,
  workdays: y.days.filter((d) => d.kind === 'workday').length,
  updatedAt: y.updatedAt?.toISOString(),
});
const none = (year: number): Year => ({ year, source: 'none', days: [] });

/** All holidays and make-up working days, for business-hours calendars (a few hundred days at most). */
export async function holidayDates(): Promise<{ holidays: Set<Day>; workdays: Set<Day> }> {
  const holidays = new Set<Day>();
  const workdays = new Set<Day>();
  for (const y of (await knownYears()).values())
    for (const d of y.days) (d.kind === 'holiday' ? holidays : workdays).add(d.date);
  return { holidays, workdays };
}

export async function getHolidayYear(year: number): Promise<T.HolidayYear> {
  return view((await knownYears()).get(year) ?? none(year));
}

/** The problems that keep a year's days out: dates outside the year, a date given twice. */
function checkDays(year: number, days: T.HolidayDay[], pathOf: (i: number) => string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  days.forEach((d, i) => {
    if (Number(d.date.slice(0, 4)) !== year)
      problems.push({ path: pathOf(i), message: `日期不在 ${year} 年内` });
    else if (seen.has(d.date)) problems.push({ path: pathOf(i), message: `${d.date} 重复出现` });
    seen.add(d.date);
  });
  return problems;
}

async function writeYear(
  year: number,
  days: T.HolidayDay[],
  who: Who,
  now: Date,
  action: string,
): Promise<Year> {
  const before = await HolidayYearModel.findById(year).lean<HolidayYearDoc>();
  const sorted = plain(days).sort(byDate);
  const by = who.actor.name ?? who.actor.id;
  await HolidayYearModel.updateOne(
    { _id: year },
    { $set: { days: sorted, updatedAt: now, updatedBy: by } },
    { upsert: true },
  );
  await audit.record({
    actor: who.actor,
    action,
    target: { kind: 'holidayYear', id: String(year) },
    before: before ? { days: plain(before.days as T.HolidayDay[]) } : null,
    after: { days: sorted },
    requestId: who.requestId,
    at: now,
  });
  return { year, source: 'entered', days: sorted, updatedAt: now, updatedBy: by };
}

/** Enters a year's whole schedule (it replaces what was entered or published before). */
export async function putHolidayYear(
  year: number,
  days: T.HolidayDay[],
  who: Who,
  now: Date,
): Promise<T.HolidayYear> {
  const problems = checkDays(year, days, (i) => `body.days.${i}.date`);
  if (problems.length) throw errors.validation(problems);
  return view(await writeYear(year, days, who, now, 'holidays.put'));
}

/** Removes what was entered for a year: it falls back to the published schedule, or to the working week. */
export async function deleteHolidayYear(year: number, who: Who, now: Date): Promise<T.HolidayYear> {
  const before = await HolidayYearModel.findOneAndDelete({ _id: year }).lean<HolidayYearDoc>();
  if (!before) throw errors.holidayYearNotFound(year);
  await audit.record({
    actor: who.actor,
    action: 'holidays.delete',
    target: { kind: 'holidayYear', id: String(year) },
    before: { days: plain(before.days as T.HolidayDay[]) },
    after: null,
    requestId: who.requestId,
    at: now,
  });
  return getHolidayYear(year);
}

/**
 * What supervisors are told, or null: this year's schedule is missing (any month), or it is December and
 * next year's is.
 */
export function holidayWarning(today: Day, known: ReadonlySet<number>): string | null {
  const year = Number(today.slice(0, 4));
  const missing = !known.has(year)
    ? year
    : today.slice(5, 7) === '12' && !known.has(year + 1)
      ? year + 1
      : undefined;
  if (missing === undefined) return null;
  return `${missing} 年的法定节假日和调休安排尚未录入:录入前,按工作时间计算的时限只按周一至周五计算,节假日和调休上班不会生效。请在「节假日安排」中录入或导入。`;
}

/** The year whose schedule is missing and the warning, when supervisors must be told (KPI alert). */
export async function missingHolidayYear(now: Date): Promise<{ year: number; message: string } | null> {
  const today = dayOf(now);
  const known = new Set((await knownYears()).keys());
  const message = holidayWarning(today, known);
  if (!message) return null;
  const year = known.has(yearOf(now)) ? yearOf(now) + 1 : yearOf(now);
  return { year, message };
}

export async function holidayStatus(now: Date): Promise<T.HolidayCalendarStatus> {
  const today = dayOf(now);
  const year = yearOf(now);
  const known = await knownYears();
  const shown = new Map(known);
  for (const y of [year, year + 1]) if (!shown.has(y)) shown.set(y, none(y));
  return {
    today,
    nextYear: year + 1,
    warning: holidayWarning(today, new Set(known.keys())),
    years: [...shown.values()].sort((a, b) => b.year - a.year).map(summary),
  };
}

const HEADERS = {
  date: ['日期', 'date'],
  kind: ['类型', '安排', 'kind', 'type'],
  name: ['名称', '节日', '节假日', '说明', 'name'],
} as const;
const KIND_WORDS: Record<string, T.HolidayDayKind> = {
  放假: 'holiday',
  休: 'holiday',
  休息: 'holiday',
  假: 'holiday',
  节假日: 'holiday',
  holiday: 'holiday',
  上班: 'workday',
  班: 'workday',
  补班: 'workday',
  调休上班: 'workday',
  调休: 'workday',
  workday: 'workday',
};
const norm = (s: string) => s.replace(/\s/g, '').toLowerCase();

/**
 * Imports a file of days, one a row: 日期, 类型 (放假 / 上班), 名称. Every year the file names gets exactly
 * the file's days (as entering it in the console would). Nothing is written when a row is wrong.
 */
export async function importHolidayFile(
  input: Readable,
  filename: string,
  who: Who,
  now: Date,
): Promise<T.HolidayImportResult> {
  const kind = kindOf(filename);
  if (!kind) {
    input.resume();
    throw errors.validation([{ path: 'file', message: '请上传 .xlsx 或 .csv 文件' }]);
  }
  const problems: FieldProblem[] = [];
  const byYear = new Map<number, T.HolidayDay[]>();
  let columns: { date: number; kind: number; name: number } | undefined;
  let rows = 0;
  for await (const { row, cells } of readRows(input, kind)) {
    if (!columns) {
      const headers = cells.map(norm);
      const find = (names: readonly string[]) => headers.findIndex((h) => names.includes(h));
      columns = { date: find(HEADERS.date), kind: find(HEADERS.kind), name: find(HEADERS.name) };
      if (columns.date >= 0 && columns.kind >= 0) continue; // a header row
      columns = { date: 0, kind: 1, name: 2 }; // no header: 日期, 类型, 名称
    }
    if (++rows > MAX_IMPORT_ROWS)
      throw errors.validation([{ path: 'file', message: `最多 ${MAX_IMPORT_ROWS} 行` }]);
    const at = parseDateCell(cells[columns.date] ?? '');
    const date = at ? dayOf(at) : undefined;
    const dayKind = KIND_WORDS[norm(cells[columns.kind] ?? '')];
    if (!date || !isDay(date))
      problems.push({ path: `file.row${row}.日期`, message: `第 ${row} 行:日期格式不正确(如 2027-01-01)` });
    if (!dayKind)
      problems.push({ path: `file.row${row}.类型`, message: `第 ${row} 行:类型应为「放假」或「上班」` });
    if (!date || !dayKind) continue;
    const name =
      (cells[columns.name] ?? '').trim().slice(0, 20) || (dayKind === 'holiday' ? '节假日' : '调休上班');
    const year = Number(date.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), { date, kind: dayKind, name }]);
  }
  for (const [year, days] of byYear) problems.push(...checkDays(year, days, (i) => `file.${year}.${i}`));
  if (!rows) problems.push({ path: 'file', message: '文件中没有日期行' });
  if (problems.length) throw errors.validation(problems.slice(0, 50));

  const written: Year[] = [];
  for (const [year, days] of [...byYear].sort(([a], [b]) => a - b))
    written.push(await writeYear(year, days, who, now, 'holidays.import'));
  return { rows, years: written.map(summary) };
}
