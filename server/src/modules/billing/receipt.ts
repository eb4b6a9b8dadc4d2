/**
 * 电子缴费凭证: the PDF receipt of a paid bill, with its items, when, where and how it was paid, and
 * the issuer's seal (RECEIPT_ISSUER + 收费专用章). Residents get a short-lived signed link (an H5
 * download link and Taro.downloadFile send no Authorization header); staff and residents may also
 * fetch it with their token.
 */
import PDFDocument from 'pdfkit';
import type { Bill, ReceiptLink, Utility } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { Auth } from '../../platform/auth/auth';
import { maskAddress, maskName } from '../../platform/mask';
import { cjkFont } from '../../platform/pdfFont';
import { signLink, verifyLink } from '../../platform/signedLink';
import { findAccount, type Account } from '../accounts';
import { BillModel, type BillDoc } from './bill.model';
import { findAccessibleBill, toBills } from './bills.service';
import { errors } from '../../platform/http/errors';
import { PAID_CHANNEL_NAMES, PAID_METHOD_NAMES, UTILITY_NAMES } from './paidLabels';
import { formatShanghai } from '../../platform/time';

const RECEIPT_LINK = 'receipt';
export const RECEIPT_LINK_TTL_SECONDS = 10 * 60;

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const receiptPath = (billId: string) => `/api/bills/${billId}/receipt.pdf`;

/** A paid bill and its account: one the caller may read, or the one a valid signed link names. */
async function paidBill(who: Auth | 'signedLink', billId: string): Promise<{ bill: Bill; account: Account }> {
  const found = who === 'signedLink' ? await billForLink(billId) : await findAccessibleBill(who, billId);
  if (found.bill.status !== 'paid') throw errors.billNotPaid('下载缴费凭证');
  const [view] = await toBills([found.bill]);
  return { bill: view, account: found.account };
}

/** A signed link was issued to someone who could read the bill: it stands for that check. */
async function billForLink(billId: string): Promise<{ bill: BillDoc; account: Account }> {
  const bill = await BillModel.findById(billId).lean<BillDoc>();
  const account = bill && (await findAccount(bill.accountNo));
  if (!bill || !account) throw errors.billNotFound();
  return { bill, account };
}

export async function receiptLink(deps: AppDeps, auth: Auth, billId: string): Promise<ReceiptLink> {
  await paidBill(auth, billId);
  const { exp, sig } = signLink(deps, RECEIPT_LINK, billId, RECEIPT_LINK_TTL_SECONDS);
  return {
    url: `${receiptPath(billId)}?exp=${exp}&sig=${sig}`,
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}

/** The receipt for a signed link (made for someone who could read the bill) or for a caller's token. */
export async function receiptPdf(
  deps: AppDeps,
  auth: Auth | undefined,
  billId: string,
  link: { exp?: number; sig?: string },
): Promise<Buffer> {
  const signed =
    link.exp !== undefined &&
    link.sig !== undefined &&
    verifyLink(deps, RECEIPT_LINK, billId, link.exp, link.sig, RECEIPT_LINK_TTL_SECONDS + 60);
  if (!signed && !auth) throw link.sig ? errors.receiptLinkExpired() : errors.unauthenticated();
  const { bill, account } = await paidBill(signed ? 'signedLink' : auth!, billId);
  return renderReceipt(deps, bill, account);
}

function drawSeal(doc: PDFKit.PDFDocument, font: string, issuer: string, cx: number, cy: number): void {
  const red = '#c8161d';
  const r = 46;
  doc.save().lineWidth(2.2).strokeColor(red).circle(cx, cy, r).stroke();
  // A five-pointed star in the middle, as on an official seal.
  const star = Array.from({ length: 10 }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? 13 : 5.2;
    return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)] as [number, number];
  });
  doc.polygon(...star).fill(red);
  // The issuer along the upper arc, each character turned to face outwards.
  const chars = [...issuer];
  const span = Math.min(Math.PI * 1.25, chars.length * 0.3);
  doc.font(font).fontSize(9.5).fillColor(red);
  chars.forEach((ch, i) => {
    const a = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
    const x = cx + (r - 11) * Math.cos(a);
    const y = cy + (r - 11) * Math.sin(a);
    doc
      .save()
      .translate(x, y)
      .rotate(((a + Math.PI / 2) * 180) / Math.PI)
      .text(ch, -4.75, -5, { lineBreak: false })
      .restore();
  });
  doc.fontSize(8).text('收费专用章', cx - 22, cy + 18, { width: 44, align: 'center', lineBreak: false });
  doc.restore();
}

export function renderReceipt(deps: AppDeps, bill: Bill, account: Account): Promise<Buffer> {
  const issuer = deps.config.RECEIPT_ISSUER;
  const doc = new PDFDocument({
    size: 'A5',
    margin: 32,
    info: { Title: `电子缴费凭证 ${bill.accountNo} ${bill.period}`, Author: issuer },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const cjk = cjkFont(deps.config);
  if (cjk) doc.registerFont('cjk', cjk.src, cjk.family);
  // Without a CJK font the receipt's figures still print but its Chinese does not (the portal warns at start).
  const font = cjk ? 'cjk' : 'Helvetica';
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font(font).fontSize(16).text('电子缴费凭证', { align: 'center' });
  doc
    .moveDown(0.2)
    .fontSize(8)
    .fillColor('#666')
    .text(`凭证编号 ${bill.id}`, { align: 'center' })
    .fillColor('#000');
  doc.moveDown(0.8).fontSize(10);
  const row = (label: string, value: string) => doc.text(`${label}:${value}`, { width });
  row('户号', bill.accountNo);
  if (account.holder?.name) row('户名', maskName(account.holder.name));
  if (account.address) row('地址', maskAddress(account.address));
  row('用能类型', UTILITY_NAMES[bill.utility as Utility]);
  row('账期', `${bill.period.slice(0, 4)}年${Number(bill.period.slice(5))}月`);
  if (bill.readingFrom !== undefined && bill.readingTo !== undefined)
    row('抄表读数', `${bill.readingFrom} → ${bill.readingTo}`);

  doc.moveDown(0.6);
  const cols = [0, width * 0.46, width * 0.64, width * 0.8];
  const y0 = doc.y;
  doc.fontSize(9).fillColor('#444');
  ['项目', '数量', '单价', '金额'].forEach((h, i) =>
    doc.text(h, left + cols[i], y0, { width: width * 0.2 + (i === 0 ? width * 0.26 : 0), lineBreak: false }),
  );
  doc
    .moveTo(left, y0 + 13)
    .lineTo(left + width, y0 + 13)
    .strokeColor('#bbb')
    .stroke()
    .fillColor('#000');
  let y = y0 + 18;
  for (const item of bill.items) {
    const cells = [
      item.name,
      item.quantity !== undefined ? `${item.quantity}${item.unit ?? ''}` : '',
      item.unitPriceFen !== undefined ? yuan(item.unitPriceFen) : '',
      yuan(item.amountFen),
    ];
    cells.forEach((c, i) =>
      doc.text(c, left + cols[i], y, { width: i === 0 ? width * 0.45 : width * 0.18, lineBreak: false }),
    );
    y += 15;
  }
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .strokeColor('#bbb')
    .stroke();
  doc.fontSize(11).text(`实缴金额:${yuan(bill.amountDue)}`, left, y + 6, { width, align: 'right' });

  doc.moveDown(0.8).fontSize(10);
  const via = bill.paidVia;
  if (bill.paidAt) row('缴费时间', formatShanghai(new Date(bill.paidAt), 'YYYY年M月D日 HH:mm'));
  if (via) {
    row(
      '缴费渠道',
      via.place ? `${PAID_CHANNEL_NAMES[via.channel]}(${via.place})` : PAID_CHANNEL_NAMES[via.channel],
    );
    row('支付方式', PAID_METHOD_NAMES[via.method]);
    if (via.reference) row(via.method === 'wechatPay' ? '微信支付单号' : '交易流水号', via.reference);
  }
  if (bill.outTradeNo) row('商户订单号', bill.outTradeNo);

  const sealY = Math.max(doc.y + 60, doc.page.height - 150);
  doc.fontSize(10).text(`开具单位:${issuer}`, left, sealY - 30, { width, align: 'right' });
  doc.text(`开具时间:${formatShanghai(deps.clock.now(), 'YYYY年M月D日')}`, { width, align: 'right' });
  drawSeal(doc, font, issuer, left + width - 60, sealY + 18);
  doc
    .fontSize(7.5)
    .fillColor('#666')
    .text('本凭证为缴费证明,不作报销凭证;如需报销请在账单详情中申请电子发票。', left, doc.page.height - 50, {
      width,
      align: 'center',
    });
  doc.end();
  return done;
}
