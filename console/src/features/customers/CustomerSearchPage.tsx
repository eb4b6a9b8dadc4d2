/** 客户查询: search by 户号 / phone / name / address (operationId searchCustomers), open the 360° record. */
import { Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PagedTable } from '../../shared/PagedTable';
import { UTILITY_LABELS, label } from '../../shared/labels';
import { Tag } from 'antd';

export function CustomerSearchPage() {
  const navigate = useNavigate();
  return (
    <>
      <Typography.Title level={4}>客户查询</Typography.Title>
      <PagedTable
        operationId="searchCustomers"
        rowKey="accountNo"
        emptyText="输入户号、手机号、姓名或地址查询客户"
        filters={
          <Form.Item name="q">
            <Input.Search
              placeholder="户号 / 手机号 / 姓名 / 地址"
              allowClear
              style={{ width: 320 }}
              enterButton={false}
            />
          </Form.Item>
        }
        requireFilter="q"
        onRowClick={(row) => navigate(`/customers/${encodeURIComponent(row.accountNo)}`)}
        columns={[
          { title: '户号', dataIndex: 'accountNo' },
          { title: '户主', dataIndex: 'holderName' },
          { title: '电话', dataIndex: 'phoneMasked' },
          { title: '地址', dataIndex: 'address' },
          { title: '类型', render: (_, r) => label(UTILITY_LABELS, r.utility) },
          { title: '片区', dataIndex: 'areaCode' },
          { title: '状态', dataIndex: 'status' },
          { title: '标签', render: (_, r) => r.tags.map((t) => <Tag key={t}>{t}</Tag>) },
        ]}
        exportName="客户查询"
        exportColumns={[
          { title: '户号', value: (r) => r.accountNo },
          { title: '户主', value: (r) => r.holderName },
          { title: '电话', value: (r) => r.phoneMasked },
          { title: '地址', value: (r) => r.address },
          { title: '片区', value: (r) => r.areaCode },
          { title: '状态', value: (r) => r.status },
        ]}
      />
    </>
  );
}
