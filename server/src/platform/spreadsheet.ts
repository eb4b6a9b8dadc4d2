/**
 * Reading uploaded spreadsheets (account, bill and holiday imports): the rows of an .xlsx (first worksheet)
 * or .csv file as arrays of strings, and the date cells people type or Excel stores.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';
import { AppError, errors } from './http/errors';
import { dayStart, isDay } from './time';

export type FileKind = 'xlsx' | 'csv';
export type RawRow = { row: number; cells: string[] };

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[]; error?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    return '';
  }
  return String(v);
}

/**
 * Streams the rows as arrays of strings; row 1 is the header. A file that is not what its name says (a
 * picture named .xlsx, a zip that is no workbook) is the uploader's mistake: a 400 naming the file.
 */
export async function* readRows(input: Readable, kind: FileKind): AsyncGenerator<RawRow> {
  try {
    yield* rowsOf(input, kind);
  } catch (e) {
    if (e instanceof AppError) throw e;
    input.resume();
    throw errors.validation([
      {
        path: 'file',
        message:
          kind === 'xlsx' ? '文件无法读取:不是有效的 Excel(.xlsx)文件' : '文件无法读取:不是有效的 CSV 文件',
      },
    ]);
  }
}

async function* rowsOf(input: Readable, kind: FileKind): AsyncGenerator<RawRow> {
  if (kind === 'csv') {
    const parser = input.pipe(
      parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }),
    );
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { row: rec.info.lines, cells: rec.record };
    }
    return;
  }
  // ExcelJS's unzip waits for ever on a chunk of no bytes, which is what an empty upload read whole is: only
  // chunks with bytes reach it. A file with none has no rows (文件为空), not an unreadable workbook.
  let empty = true;
  const bytes = Readable.from(
    (async function* () {
      for await (const chunk of input)
        if ((chunk as Buffer).length) {
          empty = false;
          yield chunk as Buffer;
        }
    })(),
  );
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // dates are recognised through cell styles
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[]; // 1-based
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
        if (cells.some((c) => c !== '')) yield { row: row.number, cells };
      }
      return; // first worksheet only
    }
  } catch (e) {
    if (!empty) throw e;
  }
}

export function kindOf(filename: string): FileKind | undefined {
  if (/\.xlsx$/i.test(filename)) return 'xlsx';
  if (/\.csv$/i.test(filename)) return 'csv';
  return undefined;
}

/**
 * A date cell: an Excel serial day number, an ISO instant (what an .xlsx date cell reads as), or a day
 * written 2020-01-31, 2020/1/31, 2020.1.31 or 2020年1月31日 (Shanghai midnight of that day).
 */
export function parseDateCell(s: string): Date | undefined {
  if (/^\d{5}(\.\d+)?$/.test(s)) return new Date(Math.round((Number(s) - 25569) * 86400_000));
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) {
    const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return isDay(day) ? dayStart(day) : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}
