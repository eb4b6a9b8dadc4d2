import { useParams, useNavigate } from 'react-router-dom';
import { Button, Space } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { CustomerRecord } from './CustomerRecord';

/** 客户360: the whole record of one account. */
export function Customer360Page() {
  const { accountId = '' } = useParams();
  const navigate = useNavigate();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/customers')}>
        返回查询
      </Button>
      <CustomerRecord accountKey={accountId} />
    </Space>
  );
}
