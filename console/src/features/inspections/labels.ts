/** Chinese labels of the 安检 codes (the server's own lists live in @portal/types). */
export { HAZARD_CATEGORY_LABELS, HAZARD_SEVERITY_LABELS, UNREACHABLE_OUTCOME_LABELS } from '@portal/types';

export const CUSTOMER_TYPE_LABELS: Record<string, string> = {
  residential: '居民',
  commercial: '工商业',
  public: '公建',
};

export const CHECK_RESULT_LABELS = { pass: '合格', fail: '不合格', na: '不适用' } as const;

export const SEVERITY_COLORS: Record<string, string> = { minor: 'gold', major: 'orange', critical: 'red' };
