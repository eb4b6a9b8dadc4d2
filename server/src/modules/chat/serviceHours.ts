/** Chat service hours: a daily window in Asia/Shanghai, "HH:mm-HH:mm" ("00:00-24:00" = always). */
const SHANGHAI_OFFSET_MIN = 8 * 60; // no daylight saving in China

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

export function isWithinServiceHours(spec: string, at: Date): boolean {
  const [from, to] = spec.split('-').map(minutes);
  const local = (at.getUTCHours() * 60 + at.getUTCMinutes() + SHANGHAI_OFFSET_MIN) % (24 * 60);
  if (from === to) return false;
  return from < to ? local >= from && local < to : local >= from || local < to;
}

export function afterHoursReply(spec: string, hotline: string): string {
  return `您好,现在是非服务时间(在线客服服务时间 ${spec})。如遇燃气泄漏等紧急情况,请立即拨打服务热线 ${hotline}。您也可以在此留言,我们会在上班后尽快处理并通知您。`;
}
