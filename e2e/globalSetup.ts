/** The browser run's setup: the databases (as for every jest run), then the demo template on the stand-in. */
import serverGlobalSetup from '../server/test/globalSetup';
import { buildDemoTemplate } from './demoTemplate';

export default async function globalSetup(globalConfig: { maxWorkers?: number }): Promise<void> {
  await serverGlobalSetup(globalConfig);
  if (process.env.TEST_MONGODB_KIND === 'secantusdb' && process.env.E2E_SHARED_DB !== 'true')
    process.stderr.write(`${await buildDemoTemplate()}\n`);
}
