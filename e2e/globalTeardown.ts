/** The browser run's teardown: the demo template and the files' copies of it, then the databases. */
import serverGlobalTeardown from '../server/test/globalTeardown';
import { removeDemoTemplate } from './demoTemplate';

export default async function globalTeardown(): Promise<void> {
  removeDemoTemplate();
  await serverGlobalTeardown();
}
