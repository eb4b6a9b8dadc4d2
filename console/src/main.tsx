import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
// The ES build of the locale: the CommonJS one ('antd/locale/zh_CN') reached the bundle as its module object,
// and every antd default text (Popconfirm's OK/Cancel, the date pickers, empty lists) stayed English.
import zhCN from 'antd/es/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import { dayjs } from './shared/format';
import { registerNotifiers } from './services/notify';
import { App } from './App';

dayjs.locale('zh-cn');

function NotifyBridge() {
  const { message, notification } = AntApp.useApp();
  useEffect(() => registerNotifiers(message, notification), [message, notification]);
  return null;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <NotifyBridge />
        <BrowserRouter basename="/console">
          <App />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
