/**
 * Writing a table for people and finance systems to open: CSV (UTF-8 with BOM, CRLF, so Excel and the
 * Chinese finance packages read the Chinese right) or .xlsx (exceljs). A text cell that starts with = + - @
 * is written so no spreadsheet runs it as a formula.
 */
import ExcelJS from 'exceljs';

export type SheetCell = string | number | boolean | null;
export type SheetTable = { name: string; columns: string[]; rows: SheetCell[][] };

const csvCell = (v: SheetCell) => {
  const s = v === null ? '' : String(v);
  const safe = typeof v === 'string' && /^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function tableToCsv(t: SheetTable): Buffer {
  const lines = [t.columns, ...t.rows].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function tableToXlsx(t: SheetTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.name.slice(0, 31));
  ws.addRow(t.columns).font = { bold: true };
  // exceljs writes strings as text cells: a leading = is never a formula there.
  for (const r of t.rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
