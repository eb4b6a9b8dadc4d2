/** CSV and Excel export of any table: the columns staff see, the rows they filtered. */
export type ExportColumn<T> = { title: string; value: (row: T) => string | number | null | undefined };

const csvCell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote when needed; a leading = + - @ would be read as a formula by Excel, so it is neutralised.
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv<T>(columns: ExportColumn<T>[], rows: T[]): string {
  const lines = [columns.map((c) => csvCell(c.title)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return lines.join('\r\n');
}

function save(blob: Blob, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** UTF-8 with BOM so Excel opens the Chinese text correctly. */
export function downloadCsv<T>(fileName: string, columns: ExportColumn<T>[], rows: T[]): void {
  save(new Blob(['\uFEFF', toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), `${fileName}.csv`);
}

export async function downloadXlsx<T>(
  fileName: string,
  columns: ExportColumn<T>[],
  rows: T[],
): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const header = columns.map((c) => ({ value: c.title, fontWeight: 'bold' as const }));
  const body = rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      return v === null || v === undefined ? null : { value: v };
    }),
  );
  await writeXlsxFile([header, ...body]).toFile(`${fileName}.xlsx`);
}
