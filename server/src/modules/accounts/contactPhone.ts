/**
 * Which phone reaches a resident by SMS: the one they gave in the mini-program (getPhoneNumber, with consent),
 * else the holder's phone on the account the message is about (when bound to them), else on the account they
 * bound first. The holder gave that number to the utility for exactly such notices.
 */
import { AccountModel } from './account.model';
import { BindingModel } from './binding.model';

export type ContactPhone = { number: string; source: 'own' | 'holder' };

const MOBILE = /^1[3-9]\d{9}$/;

export async function contactPhoneFor(
  user: { _id: unknown; phone?: string | null },
  accountNo?: string,
): Promise<ContactPhone | undefined> {
  if (user.phone && MOBILE.test(user.phone)) return { number: user.phone, source: 'own' };
  const bindings = await BindingModel.find({ userId: user._id }, { accountNo: 1 })
    .sort({ createdAt: 1 })
    .limit(20)
    .lean();
  const ordered = [
    ...bindings.filter((b) => b.accountNo === accountNo),
    ...bindings.filter((b) => b.accountNo !== accountNo),
  ];
  if (!ordered.length) return undefined;
  const accounts = await AccountModel.find(
    { accountNo: { $in: ordered.map((b) => b.accountNo) } },
    { accountNo: 1, 'holder.phone': 1 },
  ).lean();
  const phoneOf = new Map(accounts.map((a) => [a.accountNo, (a.holder?.phone ?? '').replace(/\D/g, '')]));
  for (const b of ordered) {
    const phone = phoneOf.get(b.accountNo);
    if (phone && MOBILE.test(phone)) return { number: phone, source: 'holder' };
  }
  return undefined;
}

/** Which of these users are bound to an account whose holder has a mobile number (two queries per batch). */
export async function usersWithHolderPhone(userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const bindings = await BindingModel.find({ userId: { $in: userIds } }, { userId: 1, accountNo: 1 }).lean();
  const withPhone = new Set(
    (
      await AccountModel.find(
        {
          accountNo: { $in: [...new Set(bindings.map((b) => b.accountNo))] },
          'holder.phone': { $regex: '^1[3-9]\\d{9}$' },
        },
        { accountNo: 1 },
      ).lean()
    ).map((a) => a.accountNo),
  );
  return new Set(bindings.filter((b) => withPhone.has(b.accountNo)).map((b) => String(b.userId)));
}
