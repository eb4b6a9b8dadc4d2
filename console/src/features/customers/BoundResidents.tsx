import { useState } from 'react';
import { Button, Input, Modal, Table, Typography } from 'antd';
import { call } from '../../services/api';
import { formatDateTime } from '../../shared/format';
import { useAction } from '../../shared/useAction';
import type { Customer360 } from './types';

type Resident = Customer360['residents'][number];

const RELATIONS: Record<string, string> = { self: '本人', family: '家人', other: '其他' };

/**
 * The residents bound to an account, and the staff "unbind" (unbindResident) for one who should no
 * longer see it, e.g. a tenant who moved out. The reason is required and goes to the audit log.
 */
export function BoundResidents({
  accountNo,
  residents,
  onChanged,
}: {
  accountNo: string;
  residents: Resident[];
  onChanged: () => void;
}) {
  const [target, setTarget] = useState<Resident>();
  const [reason, setReason] = useState('');
  const [busy, run] = useAction();
  const close = () => {
    setTarget(undefined);
    setReason('');
  };
  const unbind = async () => {
    if (!target) return;
    const ok = await run(
      () =>
        call('unbindResident', {
          params: { accountNo },
          body: { userId: target.userId, reason: reason.trim() },
        }),
      '已解除绑定',
    );
    if (ok !== undefined) {
      close();
      onChanged();
    }
  };
  return (
    <>
      <Table<Resident>
        size="small"
        rowKey="userId"
        dataSource={residents}
        pagination={false}
        locale={{ emptyText: '暂无居民绑定该户号' }}
        columns={[
          { title: '居民编号', dataIndex: 'userId' },
          { title: '关系', render: (_, r) => RELATIONS[r.relation] ?? r.relation },
          { title: '绑定时间', render: (_, r) => formatDateTime(r.boundAt) },
          {
            title: '操作',
            render: (_, r) => (
              <Button size="small" danger onClick={() => setTarget(r)}>
                解除绑定
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={Boolean(target)}
        title="解除居民绑定"
        okText="解除绑定"
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy }}
        cancelText="取消"
        onOk={unbind}
        onCancel={close}
      >
        <Typography.Paragraph>
          解除后该居民将无法再查看此户号的账单、工单和用量,如需恢复须重新验证绑定。
        </Typography.Paragraph>
        <Input.TextArea
          aria-label="解除原因"
          placeholder="请填写原因(例如:租户已退租,户主来电要求解除)"
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}
