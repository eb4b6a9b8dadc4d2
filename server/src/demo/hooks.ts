/** What `npm start` adds to a portal process in the demo: the WeChat sandbox and demo data. */
import type { Hooks } from '../platform/runtime';
import { startDemoSandbox } from '../../sandbox/demo';
import { seedDemo } from './seed';

export const demoHooks: Hooks = {
  startSandbox: startDemoSandbox,
  seed: seedDemo,
};
