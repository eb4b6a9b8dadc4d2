/**
 * The accounts section of the 360° record (modules/customer360 composes it with the other features'
 * sections): the account itself, the residents bound to it and the staff notes.
 */
import type { Customer360AccountSection } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { fullAddress, maskPhone } from '../../platform/mask';
import { findAccessibleAccount } from './access';
import { applianceViews, meterViews } from './accountViews';
import { BindingModel } from './binding.model';
import { recordPersonalDataRead } from './personalDataReads';

export type CustomerAccountSection = Customer360AccountSection;

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

/**
 * 404 ACCOUNT_NOT_FOUND for an unknown 户号 or one outside the staff member's areas. Every view is a
 * personal-data read (audited, limited per minute: 429 STAFF_READ_LIMITED); the phone is shown masked.
 */
export async function customerAccountSection(
  deps: AppDeps,
  auth: StaffAuth,
  accountNo: string,
  requestId?: string,
): Promise<CustomerAccountSection> {
  const [account, bindings] = await Promise.all([
    findAccessibleAccount(auth, accountNo),
    BindingModel.find({ accountNo }, { userId: 1, relation: 1, createdAt: 1 }).lean(),
  ]);
  await recordPersonalDataRead(deps, auth, {
    action: 'customer.view',
    target: { kind: 'account', id: accountNo },
    requestId,
  });
  const holder = account.holder!;
  const address = account.address!;
  return {
    account: {
      accountNo: account.accountNo,
      holder: {
        name: holder.name,
        phoneMasked: maskPhone(holder.phone),
        idNumberMasked: holder.idNumberMasked ?? undefined,
      },
      address: {
        district: address.district,
        community: address.community,
        building: address.building || undefined,
        unit: address.unit || undefined,
        room: address.room || undefined,
        full: fullAddress(address),
      },
      areaCode: account.areaCode,
      utility: account.utility,
      customerType: account.customerType,
      status: account.status,
      tags: account.tags,
      specialNeeds: account.specialNeeds ?? undefined,
      contract: {
        no: account.contract?.no ?? undefined,
        startAt: iso(account.contract?.startAt),
        tariff: account.contract?.tariff ?? undefined,
      },
      meters: meterViews(account),
      appliances: applianceViews(account),
      createdAt: iso((account as { createdAt?: Date }).createdAt),
    },
    residents: bindings.map((b) => ({
      userId: String(b.userId),
      relation: b.relation,
      boundAt: iso(b.createdAt) ?? new Date(0).toISOString(),
    })),
    notes: [...account.notes]
      .reverse()
      .map((n) => ({ at: iso(n.at) ?? new Date(0).toISOString(), by: n.by ?? '', text: n.text ?? '' })),
  };
}
