/** Routes. Every screen is its own lazy chunk; the guard inside AppShell checks roles per path. */
import { lazy, type ComponentType } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { LoginPage } from './features/auth/LoginPage';
import { RequireSession } from './features/auth/RouteGuard';
import { useSession } from './features/auth/useSession';
import { AppShell } from './features/navigation/AppShell';
import { homePathFor } from './features/navigation/workAreas';
import { NotFoundPage } from './features/auth/ForbiddenPage';

/** React.lazy for a named export. */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const MeterReadingsPage = page(
  () => import('./features/meterReadings/MeterReadingsPage'),
  'MeterReadingsPage',
);
const CustomerSearchPage = page(
  () => import('./features/customers/CustomerSearchPage'),
  'CustomerSearchPage',
);
const Customer360Page = page(() => import('./features/customers/Customer360Page'), 'Customer360Page');
const ChatDeskPage = page(() => import('./features/chat/ChatDeskPage'), 'ChatDeskPage');
const WorkOrderListPage = page(() => import('./features/workOrders/WorkOrderListPage'), 'WorkOrderListPage');
const WorkOrderBoardPage = page(
  () => import('./features/workOrders/WorkOrderBoardPage'),
  'WorkOrderBoardPage',
);
const EscalationsPage = page(() => import('./features/workOrders/EscalationsPage'), 'EscalationsPage');
const WorkOrderDetailPage = page(
  () => import('./features/workOrders/WorkOrderDetailPage'),
  'WorkOrderDetailPage',
);
const TechnicianTasksPage = page(
  () => import('./features/workOrders/TechnicianTasksPage'),
  'TechnicianTasksPage',
);
const TechnicianOrderPage = page(
  () => import('./features/workOrders/TechnicianOrderPage'),
  'TechnicianOrderPage',
);
const MaterialsPage = page(() => import('./features/fieldWork/MaterialsPage'), 'MaterialsPage');
const OrderCostsPage = page(() => import('./features/fieldWork/OrderCostsPage'), 'OrderCostsPage');
const SlotsPage = page(() => import('./features/appointments/SlotsPage'), 'SlotsPage');
const InspectionPlansPage = page(
  () => import('./features/appointments/InspectionPlansPage'),
  'InspectionPlansPage',
);
const HazardsPage = page(() => import('./features/inspections/HazardsPage'), 'HazardsPage');
const UnreachablePage = page(() => import('./features/inspections/UnreachablePage'), 'UnreachablePage');
const ChecklistsPage = page(() => import('./features/inspections/ChecklistsPage'), 'ChecklistsPage');
const NoticeListPage = page(() => import('./features/notices/NoticeListPage'), 'NoticeListPage');
const NoticeComposePage = page(() => import('./features/notices/NoticeComposePage'), 'NoticeComposePage');
const NoticeDetailPage = page(() => import('./features/notices/NoticeDetailPage'), 'NoticeDetailPage');
const FollowUpsPage = page(() => import('./features/followUps/FollowUpsPage'), 'FollowUpsPage');
const MeterRoutesPage = page(() => import('./features/meterRoutes/MeterRoutesPage'), 'MeterRoutesPage');
const CockpitPage = page(() => import('./features/cockpit/CockpitPage'), 'CockpitPage');
const StaffPage = page(() => import('./features/admin/StaffPage'), 'StaffPage');
const DispatchRulesPage = page(() => import('./features/admin/DispatchRulesPage'), 'DispatchRulesPage');
const SlaConfigPage = page(() => import('./features/admin/SlaConfigPage'), 'SlaConfigPage');
const TemplatesPage = page(() => import('./features/admin/TemplatesPage'), 'TemplatesPage');
const ImportPage = page(() => import('./features/admin/ImportPage'), 'ImportPage');
const AuditLogPage = page(() => import('./features/admin/AuditLogPage'), 'AuditLogPage');
const PaymentsPage = page(() => import('./features/payments/PaymentsPage'), 'PaymentsPage');
const QrCodesPage = page(() => import('./features/payments/QrCodesPage'), 'QrCodesPage');
const AccountChangesPage = page(
  () => import('./features/accountChanges/AccountChangesPage'),
  'AccountChangesPage',
);
const ServiceSettingsPage = page(() => import('./features/admin/ServiceSettingsPage'), 'ServiceSettingsPage');
const HolidaysPage = page(() => import('./features/holidays/HolidaysPage'), 'HolidaysPage');
const CalendarsPage = page(() => import('./features/holidays/CalendarsPage'), 'CalendarsPage');
const NodeConfigPage = page(() => import('./features/admin/NodeConfigPage'), 'NodeConfigPage');
const ServiceHallsPage = page(() => import('./features/serviceInfo/ServiceHallsPage'), 'ServiceHallsPage');
const ServiceGuidesPage = page(() => import('./features/serviceInfo/ServiceGuidesPage'), 'ServiceGuidesPage');

function Home() {
  const current = useSession();
  const home = homePathFor(current?.staff.roles ?? []);
  return home ? <Navigate to={home} replace /> : <NotFoundPage />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppShell />
          </RequireSession>
        }
      >
        <Route index element={<Home />} />
        <Route path="customers" element={<CustomerSearchPage />} />
        <Route path="customers/:accountId" element={<Customer360Page />} />
        <Route path="meter-readings" element={<MeterReadingsPage />} />
        <Route path="account-changes" element={<AccountChangesPage />} />
        <Route path="chat" element={<ChatDeskPage />} />
        <Route path="follow-ups" element={<FollowUpsPage />} />
        <Route path="work-orders" element={<WorkOrderListPage />} />
        <Route path="work-orders/board" element={<WorkOrderBoardPage />} />
        <Route path="work-orders/escalations" element={<EscalationsPage />} />
        <Route path="work-orders/mine" element={<TechnicianTasksPage />} />
        <Route path="work-orders/mine/:orderId" element={<TechnicianOrderPage />} />
        <Route path="work-orders/:orderId" element={<WorkOrderDetailPage />} />
        <Route path="appointments/slots" element={<SlotsPage />} />
        <Route path="appointments/inspections" element={<InspectionPlansPage />} />
        <Route path="inspections/hazards" element={<HazardsPage />} />
        <Route path="inspections/unreachable" element={<UnreachablePage />} />
        <Route path="admin/inspection-checklists" element={<ChecklistsPage />} />
        <Route path="notices" element={<NoticeListPage />} />
        <Route path="notices/new" element={<NoticeComposePage />} />
        <Route path="notices/:noticeId" element={<NoticeDetailPage />} />
        <Route path="payments" element={<PaymentsPage />} />
        <Route path="qr-codes" element={<QrCodesPage />} />
        <Route path="meter-routes" element={<MeterRoutesPage />} />
        <Route path="cockpit" element={<CockpitPage />} />
        <Route path="cockpit/order-costs" element={<OrderCostsPage />} />
        <Route path="admin/staff" element={<StaffPage />} />
        <Route path="admin/dispatch-rules" element={<DispatchRulesPage />} />
        <Route path="admin/sla" element={<SlaConfigPage />} />
        <Route path="admin/templates" element={<TemplatesPage />} />
        <Route path="admin/import" element={<ImportPage />} />
        <Route path="admin/audit" element={<AuditLogPage />} />
        <Route path="admin/holidays" element={<HolidaysPage />} />
        <Route path="admin/calendars" element={<CalendarsPage />} />
        <Route path="admin/work-order-nodes" element={<NodeConfigPage />} />
        <Route path="admin/materials" element={<MaterialsPage />} />
        <Route path="admin/service-halls" element={<ServiceHallsPage />} />
        <Route path="admin/service-guides" element={<ServiceGuidesPage />} />
        <Route path="admin/settings" element={<ServiceSettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
