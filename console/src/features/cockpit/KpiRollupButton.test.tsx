import { render, screen } from '@testing-library/react';
import type { StaffRole } from '@portal/types';
import { session } from '../../services/session';
import { KpiRollupButton } from './KpiRollupButton';

const signInAs = (...roles: StaffRole[]) =>
  session.set({ token: 't', staff: { id: '1', username: 'u', name: '测试', roles, areas: [] } });

afterEach(() => session.set(undefined));

describe('立即重算 on the cockpit', () => {
  it.each<StaffRole>(['manager', 'admin'])('is offered to a %s, whom the server lets recompute', (role) => {
    signInAs(role);
    render(<KpiRollupButton onDone={() => undefined} />);
    expect(screen.getByRole('button', { name: '立即重算' })).toBeInTheDocument();
  });

  it('is not offered to a supervisor, who sees the cockpit but may not recompute it', () => {
    signInAs('supervisor');
    render(<KpiRollupButton onDone={() => undefined} />);
    expect(screen.queryByRole('button', { name: '立即重算' })).not.toBeInTheDocument();
  });
});
