/** Streams the rows of an .xlsx (first worksheet) or .csv file as arrays of strings; row 1 is the header. */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';

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

export async function* readRows(input: Readable, kind: FileKind): AsyncGenerator<RawRow> {
  if (kind === 'csv') {
    const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }));
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { row: rec.info.lines, cells: rec.record };
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // dates are recognised through cell styles
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as unknown[]; // 1-based
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
      if (cells.some((c) => c !== '')) yield { row: row.number, cells };
    }
    return; // first worksheet only
  }
}

export function kindOf(filename: string): FileKind | undefined {
  if (/\.xlsx$/i.test(filename)) return 'xlsx';
  if (/\.csv$/i.test(filename)) return 'csv';
  return undefined;
}
