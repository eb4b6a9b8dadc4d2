/** The signed-in frame: side menu of the person's work areas, header with who they are, the screen. */
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Descriptions, Grid, Layout, Menu, Popover, Space, Spin, Tag, Typography } from 'antd';
import {
  AlertOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CustomerServiceOutlined,
  LogoutOutlined,
  UserOutlined,
  PayCircleOutlined,
  SettingOutlined,
  TeamOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { logout, refreshProfile } from '../../services/api';
import { useSession } from '../auth/useSession';
import { RouteGuard } from '../auth/RouteGuard';
import { HolidayWarningBanner } from '../holidays/HolidayWarningBanner';
import { ROLE_LABELS, menuFor, screenFor, type WorkAreaKey } from './workAreas';

const ICONS: Record<WorkAreaKey, ReactNode> = {
  customers: <TeamOutlined />,
  chat: <CustomerServiceOutlined />,
  workOrders: <ToolOutlined />,
  appointments: <CalendarOutlined />,
  billing: <PayCircleOutlined />,
  notices: <AlertOutlined />,
  cockpit: <BarChartOutlined />,
  admin: <SettingOutlined />,
};

export function AppShell() {
  const current = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [collapsed, setCollapsed] = useState(isPhone);
  const roles = current?.staff.roles ?? [];
  const areas = menuFor(roles);
  const selected = screenFor(pathname)?.path;
  const [profileOpen, setProfileOpen] = useState(false);
  const staffId = current?.staff.id;
  // On start, and each time 我的 opens, read the member's profile again: an admin may have changed roles or areas.
  const readProfile = () => void refreshProfile().catch(() => undefined);
  useEffect(() => {
    if (staffId) readProfile();
  }, [staffId]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="md"
        collapsedWidth={isPhone ? 0 : 64}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        style={isPhone ? { position: 'fixed', zIndex: 20, height: '100vh' } : undefined}
      >
        <div
          style={{ color: '#fff', padding: 16, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}
        >
          {collapsed ? '工作台' : '客服运营工作台'}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          defaultOpenKeys={areas.map((a) => a.key)}
          items={areas.map((a) => ({
            key: a.key,
            icon: ICONS[a.key],
            label: a.label,
            children: a.screens.map((s) => ({ key: s.path, label: s.label })),
          }))}
          onClick={({ key }) => {
            navigate(key);
            if (isPhone) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
          }}
        >
          <Space wrap={false}>
            <Popover
              trigger="click"
              open={profileOpen}
              onOpenChange={(open) => {
                setProfileOpen(open);
                if (open) readProfile();
              }}
              title="我的"
              content={
                <Descriptions column={1} size="small" style={{ maxWidth: 320 }}>
                  <Descriptions.Item label="姓名">{current?.staff.name}</Descriptions.Item>
                  <Descriptions.Item label="账号">{current?.staff.username}</Descriptions.Item>
                  <Descriptions.Item label="角色">
                    {roles.map((r) => (
                      <Tag key={r}>{ROLE_LABELS[r] ?? r}</Tag>
                    ))}
                  </Descriptions.Item>
                  <Descriptions.Item label="片区">{current?.staff.areas.join('、') || '—'}</Descriptions.Item>
                </Descriptions>
              }
            >
              <Button type="text" icon={<UserOutlined />} aria-label="我的">
                <Typography.Text strong>{current?.staff.name}</Typography.Text>
              </Button>
            </Popover>
            {!isPhone && roles.map((r) => <Tag key={r}>{ROLE_LABELS[r] ?? r}</Tag>)}
            <Button icon={<LogoutOutlined />} onClick={logout} type="text" aria-label="退出登录">
              {!isPhone && '退出'}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: isPhone ? 8 : 16 }}>
          <HolidayWarningBanner roles={roles} />
          <RouteGuard>
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              <Outlet />
            </Suspense>
          </RouteGuard>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
