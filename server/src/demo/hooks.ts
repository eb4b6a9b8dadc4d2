/** What `npm start` adds to a portal process in the demo: the WeChat sandbox, the invoicing and 销账 doubles and demo data. */
import type { Hooks } from '../platform/runtime';
import { startDemoSandbox } from '../../sandbox/demo';
import { SandboxClient } from '../../sandbox/client';
import { eventTemplates } from '../modules/messaging/templates';
import { registerSandboxTemplates } from '../modules/messaging/sandboxTemplates';
import { registerSandboxSms } from '../modules/messaging/sms/registerSandboxSms';
import { startDemoInvoicing } from './invoicing';
import { startDemoWriteOff } from './writeOff';
import { seedDemo } from './seed';
import { DEMO_STAFF } from './accounts';

export const demoHooks: Hooks = {
  startSandbox: async (config, logger, clock) => {
    // The sandbox reads the portal's clock: WeChat Pay's signed answers carry a timestamp the portal checks.
    const sandbox = await startDemoSandbox(config, logger, clock);
    // The sandbox keeps its state in memory: the portal's message templates are registered at each start,
    // as a utility registers them once in the WeChat admin console.
    const merged = { ...config, ...sandbox.config };
    await registerSandboxTemplates(new SandboxClient(merged.WECHAT_API_BASE), eventTemplates(merged));
    await registerSandboxSms(new SandboxClient(merged.WECHAT_API_BASE), merged);
    // The demo staff are members of the WeCom application's visible range (their WeCom userid = username).
    if (merged.WECOM_API_BASE === merged.WECHAT_API_BASE)
      await new SandboxClient(merged.WECHAT_API_BASE).addWecomMembers(DEMO_STAFF.map((s) => s.username));
    // The utility's invoicing system (电子发票), doubled the same way.
    const invoicing = await startDemoInvoicing(config, logger);
    // The utility's billing system of record (销账 webhook), doubled the same way.
    const writeOff = await startDemoWriteOff(config, logger);
    return {
      config: { ...sandbox.config, ...invoicing.config, ...writeOff.config },
      stop: async () => {
        await writeOff.stop();
        await invoicing.stop();
        await sandbox.stop();
      },
    };
  },
  seed: seedDemo,
};
