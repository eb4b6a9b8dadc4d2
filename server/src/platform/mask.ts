/** Personal data shown only as much as needed (PIPL). One place for every mask. */

/** 张三 → 张*, 欧阳娜娜 → 欧***, Li Lei → L***. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('') + '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const d = phone.replace(/\s+/g, '');
  if (d.length < 7) return d.replace(/.(?=.{2})/g, '*');
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

type Address = {
  district: string;
  community: string;
  building?: string | null;
  unit?: string | null;
  room?: string | null;
};

export function fullAddress(a: Address): string {
  return [
    a.district,
    a.community,
    a.building && `${a.building}栋`,
    a.unit && `${a.unit}单元`,
    a.room && `${a.room}室`,
  ]
    .filter(Boolean)
    .join('');
}

/** Community shown, building/unit/room hidden: 朝阳区望京园*栋*单元***室. */
export function maskAddress(a: Address): string {
  return `${a.district}${a.community}${a.building ? '*栋' : ''}${a.unit ? '*单元' : ''}${a.room ? '***室' : ''}`;
}

/** 110101199001011234 → 110***********1234. */
export function maskIdNumber(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}
