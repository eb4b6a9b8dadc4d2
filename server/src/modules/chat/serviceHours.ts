/**
 * Chat service hours: a daily window in Asia/Shanghai, "HH:mm-HH:mm" ("00:00-24:00" = always); whether a
 * chat is in them is `isWithinDailyWindow` (platform/time). Outside them the resident gets this reply.
 */
export function afterHoursReply(spec: string, hotline: string): string {
  return `您好,现在是非服务时间(在线客服服务时间 ${spec})。如遇燃气泄漏等紧急情况,请立即拨打服务热线 ${hotline}。您也可以在此留言,我们会在上班后尽快处理并通知您。`;
}
