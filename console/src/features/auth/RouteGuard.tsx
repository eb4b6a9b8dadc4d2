/** Signed-out people go to the login page; a role that may not use a screen sees 403 instead of it. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { accessTo } from '../navigation/workAreas';
import { ForbiddenPage, NotFoundPage } from './ForbiddenPage';
import { useSession } from './useSession';

export function RequireSession({ children }: { children: ReactNode }) {
  const current = useSession();
  const location = useLocation();
  if (!current) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

export function RouteGuard({ children }: { children: ReactNode }) {
  const current = useSession();
  const { pathname } = useLocation();
  const access = accessTo(pathname, current?.staff.roles ?? []);
  if (access === 'forbidden') return <ForbiddenPage />;
  if (access === 'unknown') return <NotFoundPage />;
  return <>{children}</>;
}
