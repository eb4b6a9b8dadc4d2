/** What the notice screens read (types/src/notices.ts is the contract). */
export type NoticeTargeting = { areaCodes?: string[]; utility?: string };

export type Notice = {
  id: string;
  title?: string;
  kind?: string;
  utility?: string;
  reason?: string;
  content?: string;
  status?: string;
  startAt?: string;
  endAt?: string;
  targeting?: NoticeTargeting;
  areaCodes?: string[];
  publishedAt?: string;
  createdAt?: string;
  audienceCount?: number;
  delivery?: DeliveryReport;
};

export type DeliveryReport = {
  households?: number;
  recipients?: number;
  queued?: number;
  sent?: number;
  delivered?: number;
  failed?: number;
  noSubscription?: number;
  read?: number;
  byArea?: Array<{ areaCode: string; households?: number; sent?: number; failed?: number }>;
  failures?: Array<{ accountNo?: string; reason?: string; code?: string }>;
};

export type AudiencePreview = { households?: number; users?: number; subscribers?: number; byArea?: Array<{ areaCode: string; households: number }> };

export const noticeAreas = (n: Notice): string[] => n.targeting?.areaCodes ?? n.areaCodes ?? [];
