/**
 * Printable 一户一码: one account's code as PNG (mini-program code through wxacode.getUnlimited, or a
 * plain URL QR for non-WeChat scanners that opens the H5 page), and an A4 sheet for a whole
 * community: 3 × 4 codes a page, account no and masked address under each.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { cjkFont } from '../../platform/pdfFont';
import { renderQrPng } from '../../platform/qrPng';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { maskAddress } from '../../platform/mask';
import type { StaffAuth } from '../../platform/auth/auth';
import { inArea } from '../../platform/auth/areaScope';
import { accountsOfCommunity, findAccount, recordPersonalDataRead } from '../accounts';
import { qrTokenFor, qrUrl } from './qr.service';

export async function accountQrPng(
  deps: AppDeps,
  accountNo: string,
  kind: 'mp' | 'url',
  size = 430,
): Promise<Buffer> {
  const account = await findAccount(accountNo);
  if (!account) throw errors.accountNotFound();
  const token = qrTokenFor(deps, account);
  if (kind === 'mp') {
    // check_path on (the client's default): a page the released mini-program lacks is refused (41030)
    // instead of printed on thousands of stickers. WeChat answers JPEG; the endpoint serves PNG.
    const jpeg = await deps.wechat.api.getUnlimitedWxaCode({
      scene: token,
      page: deps.config.QR_MP_PAGE,
      width: size,
    });
    return sharp(jpeg).png().toBuffer();
  }
  return renderQrPng(qrUrl(deps, token), { width: size });
}

/** Blank modules a scanner needs around a code (ISO/IEC 18004's quiet zone), kept inside the drawn square. */
const QUIET_ZONE = 4;

/** The code as vector squares: sharp at any print size, and no image encoding per code. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 2 * QUIET_ZONE);
  const origin = QUIET_ZONE * cell;
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++)
      if (modules.get(r, c)) doc.rect(x + origin + c * cell, y + origin + r * cell, cell, cell);
  }
  doc.fill('#000');
}

/** A community's sheet for a staff member: their areas only, recorded as a personal-data export (addresses). */
export async function renderQrSheetFor(
  deps: AppDeps,
  auth: StaffAuth,
  q: { community: string; district?: string; building?: string },
  requestId?: string,
): Promise<Buffer> {
  await recordPersonalDataRead(deps, auth, {
    action: 'export.qrSheet',
    target: { kind: 'community', id: q.community },
    detail: { district: q.district, building: q.building },
    requestId,
  });
  return renderQrSheet(deps, q, (areaCode) => inArea(auth, 'qr', areaCode));
}

/**
 * `reaches`: the caller's area scope; accounts outside it are left off (none left → 404). Applied to the
 * community's rows rather than as an areaCode regex in the query: the community already narrows the
 * read to one estate.
 */
export async function renderQrSheet(
  deps: AppDeps,
  q: { community: string; district?: string; building?: string },
  reaches: (areaCode: string | undefined) => boolean = () => true,
): Promise<Buffer> {
  const accounts = (await accountsOfCommunity(q, 2000)).filter((a) => reaches(a.areaCode ?? undefined));
  if (!accounts.length) throw errors.communityNotFound();

  const doc = new PDFDocument({ size: 'A4', margin: 36, info: { Title: `一户一码 ${q.community}` } });
  const font = cjkFont(deps.config);
  if (font) doc.registerFont('cjk', font.src, font.family);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const cols = 3;
  const rows = 4;
  const cellW = (doc.page.width - 72) / cols;
  const cellH = (doc.page.height - 72) / rows;
  const size = Math.min(cellW, cellH) - 50;
  for (let i = 0; i < accounts.length; i++) {
    if (i > 0 && i % (cols * rows) === 0) doc.addPage();
    const a = accounts[i];
    const x = 36 + (i % cols) * cellW;
    const y = 36 + Math.floor((i % (cols * rows)) / cols) * cellH;
    drawQr(doc, qrUrl(deps, qrTokenFor(deps, a)), x + (cellW - size) / 2, y + 4, size);
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(a.accountNo, x, y + size + 8, { width: cellW, align: 'center' });
    // Without a CJK font the address cannot be drawn; the account number alone still identifies the door.
    if (font)
      doc
        .font('cjk')
        .fontSize(8)
        .text(maskAddress(a.address!), x, y + size + 24, { width: cellW, align: 'center' });
  }
  doc.end();
  return done;
}
