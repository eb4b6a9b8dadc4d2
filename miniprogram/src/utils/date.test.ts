import {
  formatDate,
  formatDateTime,
  formatPeriod,
  formatShortDateTime,
  formatTimeRange,
  isPast,
} from './date';

describe('times shown in Asia/Shanghai', () => {
  it('turns UTC instants into Shanghai wall time', () => {
    expect(formatDateTime('2026-11-24T08:00:00.000Z')).toBe('2026-11-24 16:00');
    expect(formatShortDateTime('2026-11-24T08:05:00.000Z')).toBe('11月24日 16:05');
  });

  it('crosses midnight into the next Shanghai day', () => {
    expect(formatDate('2026-11-24T17:30:00.000Z')).toBe('2026-11-25');
  });

  it('writes billing periods in Chinese', () => {
    expect(formatPeriod('2026-01')).toBe('2026年1月');
    expect(formatPeriod('oops')).toBe('oops');
  });

  it('writes appointment windows as WeChat ranges', () => {
    expect(formatTimeRange('2026-11-25T01:00:00Z', '2026-11-25T04:00:00Z')).toBe('11月25日 09:00~12:00');
    expect(formatTimeRange('2026-11-25T14:00:00Z', '2026-11-25T17:00:00Z')).toBe(
      '11月25日 22:00~11月26日 01:00',
    );
  });

  it('knows when a due date has passed', () => {
    const now = new Date('2026-11-24T00:00:00Z');
    expect(isPast('2026-11-23T23:59:59Z', now)).toBe(true);
    expect(isPast('2026-11-24T00:00:01Z', now)).toBe(false);
  });
});
