/** Shared set-up for the work-order tests: a team with a rule, technicians, a resident with an account. */
import type { AppDeps } from '../../src/deps';
import { DispatchRuleModel } from '../../src/modules/workorders/config/config.model';
import { installWorkOrderDefaults } from '../../src/modules/workorders/config/configs';
import { makeAccount, makeResident, makeStaff } from '../factories';

export async function repairTeam(
  deps: AppDeps,
  opts: { area?: string; team?: string; technicians?: number } = {},
) {
  const area = opts.area ?? 'CY';
  const team = opts.team ?? '朝阳维修组';
  await installWorkOrderDefaults({ dispatchRules: false });
  await DispatchRuleModel.updateOne(
    { key: `repair-${area}` },
    {
      $set: {
        key: `repair-${area}`,
        label: `${area} 报修`,
        type: 'repair',
        areaPrefix: area,
        team,
        skill: 'gas-repair',
        order: 100,
        enabled: true,
      },
    },
    { upsert: true },
  );
  const technicians = [];
  for (let i = 0; i < (opts.technicians ?? 2); i++) {
    technicians.push(
      await makeStaff(deps, ['technician'], {
        name: `师傅${i + 1}`,
        team,
        skills: ['gas-repair'],
        areas: [area],
        phone: `1390000000${i}`,
      }),
    );
  }
  const dispatcher = await makeStaff(deps, ['dispatcher'], { areas: [area] });
  const supervisor = await makeStaff(deps, ['supervisor'], { areas: [area] });
  const agent = await makeStaff(deps, ['agent'], { areas: [area] });
  const admin = await makeStaff(deps, ['admin'], { areas: [] });
  return { technicians, dispatcher, supervisor, agent, admin };
}

export async function householder(deps: AppDeps, areaCode = 'CY-WJY') {
  const account = await makeAccount({ areaCode, holder: { name: '王芳', phone: '13811112222' } });
  const resident = await makeResident(deps, { bind: [account.accountNo] });
  return { account, resident };
}

/** FOLLOW_UP_SAMPLE_RATES that samples no order type for a 回访 call (with FOLLOW_UP_SAMPLE_PERCENT 0). */
export const NO_SAMPLING = 'repair:0,inspection:0,installation:0,activation:0,complaint:0,meterChange:0';
