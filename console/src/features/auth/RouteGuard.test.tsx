import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { StaffRole } from '@portal/types';
import { session } from '../../services/session';
import { RequireSession, RouteGuard } from './RouteGuard';

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/login" element={<p>登录页</p>} />
        <Route
          path="*"
          element={
            <RequireSession>
              <RouteGuard>
                <p>页面内容</p>
              </RouteGuard>
            </RequireSession>
          }
        />
      </Routes>
    </MemoryRouter>,
  );
}

const signInAs = (...roles: StaffRole[]) =>
  session.set({ token: 't', staff: { id: '1', username: 'u', name: '测试', roles, areas: [] } });

afterEach(() => session.set(undefined));

describe('opening a console URL', () => {
  it('sends someone not signed in to the login page', () => {
    renderAt('/admin/staff');
    expect(screen.getByText('登录页')).toBeInTheDocument();
  });

  it('shows a technician a 403 page instead of an admin page', () => {
    signInAs('technician');
    renderAt('/admin/staff');
    expect(screen.getByText('403')).toBeInTheDocument();
    expect(screen.queryByText('页面内容')).not.toBeInTheDocument();
  });

  it('shows an admin the admin page', () => {
    signInAs('admin');
    renderAt('/admin/staff');
    expect(screen.getByText('页面内容')).toBeInTheDocument();
  });
});
