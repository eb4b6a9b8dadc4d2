import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';

export function ForbiddenPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="403"
      subTitle="您的角色无权访问此页面"
      extra={<Button onClick={() => navigate('/', { replace: true })}>返回首页</Button>}
    />
  );
}

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle="页面不存在"
      extra={<Button onClick={() => navigate('/', { replace: true })}>返回首页</Button>}
    />
  );
}
