/** An account's meters and appliances as every view shows them (the resident's account page, the 360° record). */
import type { Account } from './account.model';

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

export const meterViews = (account: Pick<Account, 'meters'>) =>
  account.meters.map((m) => ({
    meterNo: m.meterNo,
    model: m.model ?? undefined,
    installedAt: iso(m.installedAt),
    lastReading: m.lastReading ?? undefined,
    lastReadingAt: iso(m.lastReadingAt),
  }));

export const applianceViews = (account: Pick<Account, 'appliances'>) =>
  account.appliances.map((a) => ({
    kind: a.kind,
    brand: a.brand ?? undefined,
    model: a.model ?? undefined,
    installedAt: iso(a.installedAt),
  }));
