/**
 * 派单规则: rules that pick a team and skill by area, order type and category (listDispatchRules, putDispatchRule,
 * deleteDispatchRule), who could take each rule's orders (listDispatchTeams), and a dry run that shows who an
 * order would go to (dryRunDispatch). A team is renamed, or merged into another, everywhere at once (RenameTeam.tsx).
 */
import type {
  DispatchDecision,
  DispatchDryRunBody,
  DispatchRule,
  DispatchRuleBody,
  DispatchTeams,
} from '@portal/types';
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { call } from '../../services/api';
import { describeError } from '../../services/apiError';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { ModalEditor, editDeleteColumn, useModalEditor } from '../../shared/ModalEditor';
import { NameInput } from '../../shared/NameInput';
import { PagedTable } from '../../shared/PagedTable';
import { RenameTeamButton } from './RenameTeam';
import { ScopeField } from '../../shared/ScopeField';
import { useApiQuery } from '../../shared/useApiQuery';
import { ORDER_CATEGORY_LABELS, ORDER_TYPE_LABELS, labelOptions, labelOrAll } from '../../shared/labels';

type Rule = DispatchRule;
type DryRun = DispatchDecision;
type Coverage = DispatchTeams['coverage'][number];

/** A new rule's key: the rule's own, never shown (the list and the audit log name it by 名称). */
const newKey = () => `rule-${Date.now().toString(36)}`;

/** Who could take a rule's orders: the team's active technicians with the skill, or a warning that nobody can. */
function Takers({ of }: { of?: Coverage }) {
  if (!of)
    return (
      <Tooltip title="没有在用的技师同时属于该班组并具备该技能:命中此规则的工单都会进入调度台人工派单。请在「人员与角色」中为技师设置班组和技能。">
        <Tag color="red">无人可派</Tag>
      </Tooltip>
    );
  return of.onShift ? (
    <span>{`${of.technicians} 人(在班 ${of.onShift})`}</span>
  ) : (
    <Tooltip title="这些技师当前都不在班:命中此规则的工单会进入调度台人工派单,直到有人上班。">
      <Tag color="orange">{`${of.technicians} 人,均不在班`}</Tag>
    </Tooltip>
  );
}

export function DispatchRulesPage() {
  const [refreshKey, setRefreshKey] = useState(0);
  const teams = useApiQuery('listDispatchTeams');
  const reload = () => {
    setRefreshKey((k) => k + 1);
    teams.reload();
  };
  const editor = useModalEditor<DispatchRuleBody>(reload);
  const [dry, setDry] = useState<DryRun>();
  const [dryError, setDryError] = useState<string>();
  const coverageOf = (team?: string, skill?: string) =>
    teams.data?.coverage.find((c) => c.team === team && c.skill === skill);
  const editedTeam = Form.useWatch('team', editor.form);
  const editedSkill = Form.useWatch('skill', editor.form);

  /** The form's fields are the dry run's body; the server refuses a category it does not know (400). */
  const dryRun = async (v: DispatchDryRunBody) => {
    setDryError(undefined);
    try {
      setDry(await call('dryRunDispatch', { body: { ...v, category: v.category || undefined } }));
    } catch (e) {
      setDry(undefined);
      setDryError(describeError(e));
    }
  };
  const edit = (r: Rule) => {
    const { key, ...body } = r;
    editor.open(body, key);
  };

  return (
    <>
      <Typography.Title level={4}>派单规则</Typography.Title>
      <Typography.Paragraph type="secondary">
        新工单在匹配的规则中按「顺序」小的优先派给对应班组;顺序相同时取最具体的:先看片区(越长越具体),再看类别,再看工单类型。默认「燃气泄漏
        → 抢修队」顺序为
        1,任何片区的泄漏都先派抢修队。班组内具备该技能且在班的技师中,在办工单少、离得近的优先;无人可派时进入调度台人工派单。
      </Typography.Paragraph>
      <Card size="small" title="试运行" style={{ marginBottom: 12 }}>
        {/* Named: its fields' ids must not be those of the rule editor's (type, category), which its labels point to. */}
        <Form name="dispatchTrial" layout="inline" onFinish={dryRun}>
          <Form.Item name="type" rules={[{ required: true, message: '请选择工单类型' }]}>
            <Select placeholder="工单类型" style={{ width: 120 }} options={labelOptions(ORDER_TYPE_LABELS)} />
          </Form.Item>
          <Form.Item name="areaCode" rules={[{ required: true, message: '请选择片区' }]}>
            <AreaCodeSelect />
          </Form.Item>
          <Form.Item name="category">
            <Select
              placeholder="类别(可选)"
              allowClear
              style={{ width: 150 }}
              options={labelOptions(ORDER_CATEGORY_LABELS)}
            />
          </Form.Item>
          <Button htmlType="submit">试派</Button>
        </Form>
        {dryError && <Alert type="error" message={dryError} style={{ marginTop: 12 }} />}
        {dry && (
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label="将派给">
              {dry.technician
                ? `${dry.technician.name}(在办 ${dry.technician.openOrders} 单)`
                : dry.queue === 'dispatch'
                  ? '进入调度台人工派单'
                  : '无合适人员'}
            </Descriptions.Item>
            <Descriptions.Item label="班组">{dry.team ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="命中规则">{dry.rule?.label ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="说明">{dry.reason}</Descriptions.Item>
            {dry.candidates.length > 0 && (
              <Descriptions.Item label="候选">
                <Space wrap>
                  {dry.candidates.map((c) => (
                    <Tag key={c.id}>{`${c.name}(在办 ${c.openOrders})`}</Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <PagedTable
        operationId="listDispatchRules"
        rowKey="key"
        refreshKey={refreshKey}
        toolbar={
          <Space>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => editor.open({ label: '', team: '', skill: '', order: 100, enabled: true })}
            >
              新增规则
            </Button>
            <RenameTeamButton teams={teams.data?.teams} renamed={reload} />
          </Space>
        }
        columns={[
          { title: '顺序', dataIndex: 'order' },
          { title: '名称', dataIndex: 'label' },
          { title: '工单类型', render: (_, r) => labelOrAll(ORDER_TYPE_LABELS, r.type) },
          {
            title: '类别',
            render: (_, r) => labelOrAll(ORDER_CATEGORY_LABELS, r.category),
          },
          { title: '片区', render: (_, r) => r.areaPrefix ?? '全部' },
          { title: '班组', dataIndex: 'team' },
          { title: '技能', dataIndex: 'skill' },
          {
            title: '可派技师',
            render: (_, r) => (teams.data ? <Takers of={coverageOf(r.team, r.skill)} /> : '…'),
          },
          {
            title: '启用',
            render: (_, r) => (r.enabled === false ? <Tag>停用</Tag> : <Tag color="green">启用</Tag>),
          },
          editDeleteColumn(editor, (r: Rule) => ({
            name: r.label,
            edit: () => edit(r),
            remove: () => call('deleteDispatchRule', { params: { key: r.key } }),
          })),
        ]}
        exportName="派单规则"
        exportColumns={[
          { title: '名称', value: (r) => r.label },
          { title: '顺序', value: (r) => r.order },
          { title: '工单类型', value: (r) => labelOrAll(ORDER_TYPE_LABELS, r.type) },
          { title: '类别', value: (r) => labelOrAll(ORDER_CATEGORY_LABELS, r.category) },
          { title: '片区', value: (r) => r.areaPrefix ?? '全部' },
          { title: '班组', value: (r) => r.team },
          { title: '技能', value: (r) => r.skill },
          { title: '可派技师', value: (r) => coverageOf(r.team, r.skill)?.technicians ?? 0 },
          { title: '启用', value: (r) => (r.enabled === false ? '停用' : '启用') },
        ]}
      />
      <ModalEditor
        editor={editor}
        what="派单规则"
        save={(v, key) =>
          call('putDispatchRule', {
            params: { key: key ?? newKey() },
            // Left empty: the rule is for every type, category or area (the saved rule is exactly this).
            body: {
              ...v,
              type: v.type || undefined,
              category: v.category || undefined,
              areaPrefix: v.areaPrefix || undefined,
            },
          })
        }
        saved={(v) => `已保存规则“${v.label}”`}
      >
        <Form.Item
          name="label"
          label="名称"
          rules={[{ required: true, whitespace: true, message: '请填写规则名称' }]}
        >
          <Input placeholder="如 西城区报修 → 西城维修组" maxLength={40} />
        </Form.Item>
        <Space size="middle" wrap>
          <ScopeField name="type" label="工单类型" all="全部类型" labels={ORDER_TYPE_LABELS} width={140} />
          <ScopeField
            name="category"
            label="类别"
            all="全部类别"
            labels={ORDER_CATEGORY_LABELS}
            width={150}
          />
          <Form.Item name="areaPrefix" label="片区">
            <AreaCodeSelect placeholder="全部片区" />
          </Form.Item>
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item
            name="team"
            label="班组"
            rules={[{ required: true, whitespace: true, message: '请填写班组' }]}
          >
            <NameInput names={teams.data?.teams} placeholder="选择或输入班组" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="skill"
            label="技能"
            rules={[{ required: true, whitespace: true, message: '请填写技能' }]}
          >
            <NameInput names={teams.data?.skills} placeholder="选择或输入技能" style={{ width: 180 }} />
          </Form.Item>
        </Space>
        {editedTeam && editedSkill && teams.data && (
          <Form.Item label="可派技师">
            <Takers of={coverageOf(editedTeam.trim(), editedSkill.trim())} />
          </Form.Item>
        )}
        <Space size="middle">
          <Form.Item name="order" label="顺序(小的优先)">
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
          <Form.Item name="enabled" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </ModalEditor>
    </>
  );
}
