/**
 * The console-wide warning for supervisors and admins while this year's, or from December next year's,
 * public holidays are not entered (business-hours SLA clocks would count those days as working days).
 */
import type { StaffRole } from '@portal/types';
import { Link, useLocation } from 'react-router-dom';
import { Alert } from 'antd';
import { useApiQuery } from '../../shared/useApiQuery';

const WHO: readonly StaffRole[] = ['supervisor', 'admin'];

export function HolidayWarningBanner({ roles }: { roles: readonly StaffRole[] }) {
  const { pathname } = useLocation();
  const concerned = roles.some((r) => WHO.includes(r)) && !pathname.startsWith('/admin/holidays');
  const { data } = useApiQuery(concerned ? 'getHolidayCalendar' : undefined);
  if (!concerned || !data?.warning) return null;
  return (
    <Alert
      banner
      type="warning"
      showIcon
      data-testid="holiday-warning"
      message={data.warning}
      action={<Link to="/admin/holidays">去录入</Link>}
      style={{ marginBottom: 12 }}
    />
  );
}
