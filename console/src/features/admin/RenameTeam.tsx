/**
 * 重命名班组 on 派单规则 (renameDispatchTeam): a team's new name in its rules, its people and its open orders at
 * once, or, to a name already a team's, the two teams merged (said before saving). Finished orders keep the name
 * they were worked under.
 */
import type { RenameTeamBody, TeamRenamed } from '@portal/types';
import { useState } from 'react';
import { Alert, Button, Form, Modal, Select } from 'antd';
import { call } from '../../services/api';
import { fieldErrors } from '../../services/apiError';
import { reportSuccess } from '../../services/notify';
import { NameInput } from '../../shared/NameInput';
import { useAction } from '../../shared/useAction';
import { validFields } from '../../shared/validFields';

const summary = (r: TeamRenamed) =>
  `已将“${r.from}”${r.merged ? '并入' : '改名为'}“${r.to}”:规则 ${r.rules} 条、人员 ${r.staff} 人、在办工单 ${r.openOrders} 单`;

export function RenameTeamButton(props: { teams: string[] | undefined; renamed: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, run] = useAction();
  const [form] = Form.useForm<RenameTeamBody>();
  const from = Form.useWatch('from', form);
  const to = Form.useWatch('to', form)?.trim();
  const merging = Boolean(to && to !== from && props.teams?.includes(to));

  const save = async () => {
    const values = await validFields(form);
    if (!values) return;
    const done = await run(async () => {
      try {
        return await call('renameDispatchTeam', { body: values });
      } catch (e) {
        form.setFields(fieldErrors(e, (name) => name === 'from' || name === 'to') as never);
        throw e;
      }
    });
    if (done) {
      reportSuccess(summary(done));
      setOpen(false);
      props.renamed();
    }
  };

  return (
    <>
      <Button
        onClick={() => {
          form.resetFields();
          setOpen(true);
        }}
        disabled={!props.teams?.length}
      >
        重命名班组
      </Button>
      <Modal
        title="重命名班组"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={save}
        okText={merging ? '合并' : '重命名'}
        confirmLoading={busy}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="from" label="班组" rules={[{ required: true, message: '请选择班组' }]}>
            <Select
              showSearch
              placeholder="选择要改名的班组"
              options={(props.teams ?? []).map((value) => ({ value, label: value }))}
            />
          </Form.Item>
          <Form.Item
            name="to"
            label="新名称"
            rules={[
              { required: true, whitespace: true, message: '请填写新名称' },
              { max: 40, message: '不超过 40 个字' },
            ]}
          >
            <NameInput names={props.teams} placeholder="输入新名称,或选择要并入的班组" />
          </Form.Item>
        </Form>
        <Alert
          type={merging ? 'warning' : 'info'}
          showIcon
          message={
            merging
              ? `“${to}”已是班组:两个班组将合并为一个,规则、人员和在办工单都归入“${to}”。`
              : '该班组的派单规则、人员和在办工单将一并改用新名称;已完成的工单保留原名称。'
          }
        />
      </Modal>
    </>
  );
}
