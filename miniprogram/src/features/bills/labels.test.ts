import type { TierPosition } from '@portal/types';
import { paidViaText, tierPositionText, yearOnYearText } from './labels';

const gasTiers: TierPosition['tiers'] = [
  { label: '第一阶梯', from: 0, upTo: 350, priceFen: 263 },
  { label: '第二阶梯', from: 350, upTo: 500, priceFen: 316 },
  { label: '第三阶梯', from: 500, upTo: null, priceFen: 395 },
];

describe('what a resident reads about a bill', () => {
  it('says how much of the current tier is left this year', () => {
    const p = {
      year: 2026,
      unit: 'm³',
      usedThisYear: 212,
      tiers: gasTiers,
      currentTier: 0,
      remainingInTier: 138,
    };
    expect(tierPositionText(p)).toBe('今年已用 212 m³,第一阶梯剩余 138 m³');
  });

  it('says the last tier has been reached, with no remainder', () => {
    const p = {
      year: 2026,
      unit: 'm³',
      usedThisYear: 512.5,
      tiers: gasTiers,
      currentTier: 2,
      remainingInTier: null,
    };
    expect(tierPositionText(p)).toBe('今年已用 512.5 m³,已进入第三阶梯');
  });

  it('names the counter and the way a bill was paid', () => {
    expect(paidViaText({ channel: 'counter', method: 'cash', place: '朝阳区营业厅' })).toBe(
      '营业厅柜台(朝阳区营业厅) · 现金',
    );
    expect(paidViaText({ channel: 'mp', method: 'wechatPay' })).toBe('微信小程序 · 微信支付');
  });

  it('compares with last year, or says there was no bill then', () => {
    const base = { period: '2026-10', usage: 30, lastYearPeriod: '2025-10' };
    expect(yearOnYearText({ ...base, lastYearUsage: 25, changePercent: 20 }, 'm³')).toBe(
      '去年同期 25 m³,比去年同期多用 20%',
    );
    expect(yearOnYearText({ ...base, lastYearUsage: null, changePercent: null }, 'm³')).toBe(
      '去年同期(2025-10)没有账单',
    );
  });
});
