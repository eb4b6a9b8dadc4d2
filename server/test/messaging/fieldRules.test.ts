import { checkFields } from '../../sandbox/fields';
import { formatData, formatField, formatRange, truncate } from '../../src/modules/messaging/fieldRules';
import { eventTemplates, renderOfficial, renderSubscribe } from '../../src/modules/messaging/templates';
import { MessageEvent } from '@portal/types';

/** The sandbox applies WeChat's field rules: whatever the mapper produces must pass them. */
const accepted = (fields: Record<string, { value: string }>) => checkFields(Object.keys(fields), fields);

describe('WeChat field mappers format instead of being rejected', () => {
  it('cuts a thing to 20 characters, counting Chinese characters as one', () => {
    const long = '朝阳区望京园小区3号楼2单元及周边道路燃气管道改造施工';
    const v = formatField('thing2', long);
    expect(Array.from(v)).toHaveLength(20);
    expect(v.endsWith('…')).toBe(true);
    expect(formatField('thing2', '望京园3号楼')).toBe('望京园3号楼');
    expect(accepted({ thing2: { value: v } })).toBeUndefined();
  });

  it('keeps a phrase to at most 5 Chinese characters', () => {
    expect(formatField('phrase1', '计划停气通知书')).toBe('计划停气通');
    expect(formatField('phrase1', 'Done 已完成!')).toBe('已完成');
    expect(formatField('phrase1', 'done')).toBe('无');
    expect(accepted({ phrase1: { value: formatField('phrase1', '处理中 (2/3)') } })).toBeUndefined();
  });

  it('writes integer fen as an amount in 元', () => {
    expect(formatField('amount2', 12345)).toBe('123.45元');
    expect(formatField('amount2', 5)).toBe('0.05元');
    expect(formatField('amount2', '¥88.5')).toBe('88.5元');
    expect(accepted({ amount2: { value: formatField('amount2', 99_999_999_999) } })).toBeUndefined();
  });

  it('writes dates the way WeChat wants them, in Beijing time', () => {
    expect(formatField('time3', '2026-11-24T07:01:00.000Z')).toBe('2026年11月24日 15:01');
    expect(formatField('date3', '2026-11-24T17:00:00.000Z')).toBe('2026年11月25日');
    const range = formatRange('2026-11-24T00:00:00Z', '2026-11-24T10:00:00Z');
    expect(range).toBe('2026年11月24日 08:00~2026年11月24日 18:00');
    expect(accepted({ time3: { value: range } })).toBeUndefined();
  });

  it('keeps a character_string to 32 printable ASCII characters', () => {
    const v = formatField('character_string1', 'WO2026112200011234567890123456789 户号');
    expect(v).toHaveLength(32);
    expect(accepted({ character_string1: { value: v } })).toBeUndefined();
  });

  it('keeps phone numbers to 17 and names to 10 Chinese characters', () => {
    expect(formatField('phone_number3', '+86 138-0000-1234 转 5678')).toHaveLength(17);
    expect(
      accepted({ phone_number3: { value: formatField('phone_number3', '+86 138-0000-1234 转 5678') } }),
    ).toBeUndefined();
    expect(formatField('name2', '欧阳师傅(燃气维修一组)很长的名字')).toHaveLength(10);
    expect(formatField('name2', 'Zhang Wei 2')).toBe('Zhang Wei');
  });

  it('fills an empty value with something WeChat accepts (every field is required)', () => {
    const data = formatData({ thing1: '', phrase2: undefined, character_string3: null, amount4: undefined });
    expect(accepted(data)).toBeUndefined();
  });

  it('truncate counts characters, not UTF-16 units', () => {
    expect(truncate('𠀀𠀁𠀂', 3)).toBe('𠀀𠀁𠀂');
    expect(truncate('𠀀𠀁𠀂𠀃', 3)).toBe('𠀀𠀁…');
  });

  it.each(MessageEvent.options)(
    'renders %s for both channels within the rules, even from overlong data',
    (event) => {
      const t = eventTemplates({ WECHAT_TEMPLATE_IDS: undefined })[event];
      const data = {
        accountNo: '3101000123',
        amountFen: 123456,
        paidAt: '2026-11-24T07:01:00Z',
        dueAt: '2026-12-01T00:00:00Z',
        period: '2026年11月账单(含阶梯气价第二档调整)',
        orderNo: 'WO202611220001',
        status: '已派单待上门',
        title: '计划停气',
        updatedAt: Date.now(),
        technicianName: '李师傅',
        technicianPhone: '13900005678',
        expectedAt: '2026-11-24T08:00:00Z',
        startAt: '2026-11-25T01:00:00Z',
        endAt: '2026-11-25T09:00:00Z',
        address: '朝阳区望京园小区3号楼2单元501室东户',
        area: '朝阳区望京园小区1-12号楼及周边底商',
        reason: '市政道路施工需迁改中压燃气管道,请提前储水做好准备',
        content: '您好'.repeat(30),
      };
      const sub = renderSubscribe(t, data);
      expect(Object.keys(sub)).toEqual(Object.keys(t.subscribe.mapping));
      expect(accepted(sub)).toBeUndefined();
      expect(accepted(renderOfficial(t, data))).toBeUndefined();
      expect(t.sms(data).length).toBeGreaterThan(5);
    },
  );

  it('takes template ids from configuration', () => {
    const t = eventTemplates({ WECHAT_TEMPLATE_IDS: { outageNotice: { subscribe: 'real-id' } } });
    expect(t.outageNotice.subscribe.templateId).toBe('real-id');
    expect(t.outageNotice.official.templateId).toBe('TPL-OA-OUTAGE');
  });
});
