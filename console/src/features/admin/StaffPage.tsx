/**
 * 人员与角色: staff list (listStaff), add (createStaff), change roles, areas, team, skills and active (updateStaff).
 * A technician's 班组 and 技能 are what the dispatch rules pick them by: both are chosen from those the rules and
 * the other technicians already name (listDispatchTeams), or typed anew.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Switch, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { CreateStaffBody, DispatchRule, StaffMember } from '@portal/types';
import { call } from '../../services/api';
import { PagedTable } from '../../shared/PagedTable';
import { AreaCodesSelect } from '../../shared/AreaPicker';
import { labelOptions } from '../../shared/labels';
import { NameInput } from '../../shared/NameInput';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';
import { ROLE_LABELS } from '../navigation/workAreas';

type Staff = StaffMember;
/** The editor's fields. Both bodies are strict: each call sends only the fields its operation takes. */
type StaffForm = Pick<
  CreateStaffBody,
  'username' | 'name' | 'password' | 'roles' | 'areas' | 'skills' | 'phone' | 'team' | 'wecomUserId'
> & { active: boolean };

const roleOptions = labelOptions(ROLE_LABELS);

export function StaffPage() {
  const [editing, setEditing] = useState<Staff | 'new'>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [form] = Form.useForm<StaffForm>();
  const [busy, run] = useAction();
  const teams = useApiQuery('listDispatchTeams');
  const roles = Form.useWatch('roles', form);
  const team = Form.useWatch('team', form);
  const skills = Form.useWatch('skills', form);
  const isTechnician = roles?.includes('technician') ?? false;
  // The rules this technician would take orders of, as the form stands: a technician none would pick is told so.
  const rulesTaken = useApiQuery(isTechnician ? 'listDispatchRules' : undefined);

  const openEditor = (s: Staff | 'new') => {
    form.resetFields();
    if (s !== 'new') form.setFieldsValue(s);
    setEditing(s);
  };
  const save = async () => {
    const values = await validFields(form);
    if (!values) return;
    const { username, password, active, ...profile } = values;
    const ok = await run(
      () =>
        editing === 'new'
          ? call('createStaff', {
              body: { username, password, ...profile, team: profile.team?.trim() || undefined },
            })
          : call('updateStaff', {
              params: { staffId: editing!.id },
              // An emptied 班组 takes them out of their team ('').
              body: { ...profile, team: profile.team?.trim() ?? '', active },
            }),
      '已保存',
    );
    if (ok !== undefined) {
      setEditing(undefined);
      setRefreshKey((k) => k + 1);
      teams.reload();
    }
  };

  return (
    <>
      <Typography.Title level={4}>人员与角色</Typography.Title>
      <PagedTable
        operationId="listStaff"
        rowKey="id"
        refreshKey={refreshKey}
        toolbar={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')}>
            新增人员
          </Button>
        }
        filters={
          <>
            <Form.Item name="q">
              <Input placeholder="姓名 / 用户名" allowClear />
            </Form.Item>
            <Form.Item name="role">
              <Select placeholder="角色" allowClear options={roleOptions} style={{ width: 140 }} />
            </Form.Item>
          </>
        }
        onRowClick={openEditor}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'name' },
          { title: '角色', render: (_, s) => s.roles.map((r) => <Tag key={r}>{ROLE_LABELS[r] ?? r}</Tag>) },
          { title: '片区', render: (_, s) => s.areas?.join('、') || '—' },
          { title: '班组', render: (_, s) => s.team || '—' },
          { title: '技能', render: (_, s) => s.skills?.join('、') || '—' },
          { title: '企业微信', render: (_, s) => s.wecomUserId ?? '—' },
          {
            title: '状态',
            render: (_, s) => (s.active === false ? <Tag>停用</Tag> : <Tag color="green">在用</Tag>),
          },
        ]}
        exportName="人员"
        exportColumns={[
          { title: '用户名', value: (s) => s.username },
          { title: '姓名', value: (s) => s.name },
          { title: '角色', value: (s) => s.roles.map((r) => ROLE_LABELS[r] ?? r).join(' ') },
          { title: '片区', value: (s) => s.areas?.join(' ') },
          { title: '班组', value: (s) => s.team },
          { title: '技能', value: (s) => s.skills?.join(' ') },
          { title: '状态', value: (s) => (s.active === false ? '停用' : '在用') },
        ]}
      />
      <Modal
        title={editing === 'new' ? '新增人员' : '编辑人员'}
        open={Boolean(editing)}
        onOk={save}
        confirmLoading={busy}
        onCancel={() => setEditing(undefined)}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ active: true, roles: [], areas: [], skills: [] }}
        >
          <Form.Item name="username" label="用户名" rules={[{ required: true }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item
              name="password"
              label="初始密码"
              rules={[{ required: true, min: 8, message: '至少8位' }]}
            >
              <Input.Password />
            </Form.Item>
          )}
          <Form.Item name="phone" label="手机号">
            <Input />
          </Form.Item>
          <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少一个角色' }]}>
            <Select mode="multiple" options={roleOptions} />
          </Form.Item>
          <Form.Item name="areas" label="负责片区(编码前缀)">
            <AreaCodesSelect />
          </Form.Item>
          <Form.Item name="team" label="班组" extra={isTechnician ? '派单规则按班组和技能找技师' : undefined}>
            <NameInput names={teams.data?.teams} placeholder="选择或输入班组" allowClear />
          </Form.Item>
          <Form.Item name="skills" label="技能">
            <Select
              mode="tags"
              options={(teams.data?.skills ?? []).map((value) => ({ value, label: value }))}
              tokenSeparators={[',', ',', '、', ' ']}
              placeholder="选择或输入技能,如 燃气维修"
            />
          </Form.Item>
          {isTechnician && rulesTaken.data && (
            <DispatchedBy rules={rulesTaken.data} team={team?.trim()} skills={skills ?? []} />
          )}
          <Form.Item
            name="wecomUserId"
            label="企业微信账号"
            extra="企业微信管理后台「通讯录」中该成员的账号(UserID);填写后新工单和超时升级提醒发到其企业微信。清空则改为短信提醒。"
            rules={[
              { pattern: /^[A-Za-z0-9_\-@.]{0,64}$/, message: '企业微信账号为1-64位字母、数字或 _ - @ .' },
            ]}
          >
            <Input placeholder="如 ZhangSan" allowClear />
          </Form.Item>
          <Form.Item name="active" label="在用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** Which enabled dispatch rules would send this technician work, as the form stands, or why none would. */
function DispatchedBy({ rules, team, skills }: { rules: DispatchRule[]; team?: string; skills: string[] }) {
  const taken = rules.filter((r) => r.enabled !== false && r.team === team && skills.includes(r.skill));
  if (taken.length)
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={`自动派单:${taken.map((r) => r.label).join('、')}`}
      />
    );
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      message={
        team
          ? `没有启用的派单规则按班组「${team}」和所选技能派单:新工单不会自动派给此人,只能由调度人工派单。`
          : '未设置班组:新工单不会自动派给此人,只能由调度人工派单。'
      }
    />
  );
}
