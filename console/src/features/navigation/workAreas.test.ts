import { accessTo, homePathFor, menuFor } from './workAreas';

const areaLabels = (roles: Parameters<typeof menuFor>[0]) => menuFor(roles).map((a) => a.label);

describe('which work areas each role sees', () => {
  it('shows an agent customers and the chat desk only', () => {
    expect(areaLabels(['agent'])).toEqual(['客户', '在线客服']);
  });

  it('shows a technician only their own tasks under 工单', () => {
    const menu = menuFor(['technician']);
    expect(menu.map((a) => a.label)).toEqual(['工单']);
    expect(menu[0].screens.map((s) => s.path)).toEqual(['/work-orders/mine']);
  });

  it('shows a supervisor customers, orders, appointments, the payments desk and meter routes, the cockpit, and under 管理 only the holidays', () => {
    const menu = menuFor(['supervisor']);
    expect(menu.map((a) => a.label)).toEqual(['客户', '工单', '预约与安检', '收费', '驾驶舱', '管理']);
    expect(menu[3].screens.map((s) => s.label)).toEqual(['缴费与退款', '一户一码', '抄表区段']);
    expect(menu[5].screens.map((s) => s.label)).toEqual(['节假日安排']);
    expect(accessTo('/payments', ['supervisor'])).toBe('allowed');
    expect(accessTo('/payments', ['agent'])).toBe('forbidden');
    expect(accessTo('/admin/holidays', ['supervisor'])).toBe('allowed');
    expect(accessTo('/admin/staff', ['supervisor'])).toBe('forbidden');
  });

  it('shows an operator notices and a manager the cockpit', () => {
    expect(areaLabels(['operator'])).toEqual(['通知', '收费']);
    expect(homePathFor(['operator'])).toBe('/notices');
    expect(menuFor(['operator'])[1].screens.map((s) => s.path)).toEqual(['/qr-codes']);
    expect(areaLabels(['manager'])).toEqual(['驾驶舱']);
  });

  it('gives an admin 管理 but not the agent-only chat desk', () => {
    const labels = areaLabels(['admin']);
    expect(labels).toContain('管理');
    expect(labels).not.toContain('在线客服');
    const admin = menuFor(['admin']).find((a) => a.key === 'admin');
    expect(admin?.screens.map((s) => s.label)).toEqual(expect.arrayContaining(['工单节点', '工作日历']));
    expect(accessTo('/admin/calendars', ['supervisor'])).toBe('forbidden');
    expect(accessTo('/admin/work-order-nodes', ['dispatcher'])).toBe('forbidden');
  });

  it('combines the areas of several roles', () => {
    expect(areaLabels(['agent', 'operator'])).toEqual(['客户', '在线客服', '通知', '收费']);
  });

  it('shows nothing to someone with no roles', () => {
    expect(menuFor([])).toEqual([]);
    expect(homePathFor([])).toBeUndefined();
  });
});

describe('route guard', () => {
  it('forbids a technician every admin page', () => {
    for (const path of ['/admin/staff', '/admin/audit', '/admin/import', '/admin/sla/x']) {
      expect(accessTo(path, ['technician'])).toBe('forbidden');
    }
  });

  it('lets a technician open their own tasks but not the dispatch list or an order by URL', () => {
    expect(accessTo('/work-orders/mine', ['technician'])).toBe('allowed');
    expect(accessTo('/work-orders/mine/WO202611220001', ['technician'])).toBe('allowed');
    expect(accessTo('/work-orders', ['technician'])).toBe('forbidden');
    expect(accessTo('/work-orders/WO202611220001', ['technician'])).toBe('forbidden');
  });

  it('lets a dispatcher open an order detail under the list rule', () => {
    expect(accessTo('/work-orders/WO202611220001', ['dispatcher'])).toBe('allowed');
    expect(accessTo('/work-orders/board/', ['dispatcher'])).toBe('allowed');
  });

  it('treats an unknown path as unknown, not allowed', () => {
    expect(accessTo('/nowhere', ['admin'])).toBe('unknown');
  });

  it('sends each role to the first screen of its menu after login', () => {
    expect(homePathFor(['technician'])).toBe('/work-orders/mine');
    expect(homePathFor(['manager'])).toBe('/cockpit');
    expect(homePathFor(['agent'])).toBe('/customers');
  });
});
