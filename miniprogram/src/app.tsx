import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { completePendingLogin } from './services/api';
import { followRetiredLinks } from './features/links/followRetiredLinks';
import { restoreElderMode } from './features/elder/elderMode';
import './app.scss';

// Before the router reads the address (H5) or a page is looked up (mini-program).
followRetiredLinks();
// Before the first page draws: the remembered 长辈版 choice (H5: the root class).
restoreElderMode();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // H5: finish the official-account OAuth redirect (code in the URL). weapp: nothing to do.
    completePendingLogin().catch(() => undefined);
  });
  return children;
}

export default App;
