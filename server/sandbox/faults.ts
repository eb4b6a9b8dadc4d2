/**
 * Fault injection and rate limits. A fault applies to the next `times` matching calls (default 1)
 * or, with `times: 'always'`, until cleared: a per-call fault or a switch.
 */
export const API_NAMES = [
  'jscode2session',
  'oauth2',
  'token',
  'stable_token',
  'subscribe.send',
  'template.send',
  'wxacode',
  'templates',
  'pay.jsapi',
  'pay.query',
  'pay.close',
  'pay.refund',
  'pay.refund.query',
  'pay.certificates',
  'pay.tradebill',
  'pay.billdownload',
  'user.get',
  'user.info.batchget',
  'phonenumber',
  'sms.send',
  'sms.status',
  'wecom.gettoken',
  'wecom.send',
] as const;
export type ApiName = (typeof API_NAMES)[number];
/** The APIs called with a WeChat access token (mini-program or official account): what `expireTokens` can meet. */
export const TOKEN_APIS: readonly ApiName[] = [
  'subscribe.send',
  'template.send',
  'wxacode',
  'templates',
  'user.get',
  'user.info.batchget',
  'phonenumber',
];

export const NOTIFY_FAULTS = ['drop', 'duplicate', 'outOfOrder', 'badSignature', 'tamperAmount'] as const;
export type NotifyFaultKind = (typeof NOTIFY_FAULTS)[number];

type Times = number | 'always';
/** An API fault fires on the matching calls after the first `after` (default 0) have passed untouched. */
type OnApi = { api: ApiName | '*'; times?: Times; after?: number };
export type FaultSpec =
  /** The API answers after `ms` milliseconds. */
  | ({ kind: 'delay'; ms: number } & OnApi)
  /** The API answers with an HTTP 5xx (`status`, default 500). */
  | ({ kind: 'serverError'; status?: number } & OnApi)
  /** A WeChat Pay answer signed with a key WeChat never had: what a man in the middle would send. */
  | ({ kind: 'forgedResponse' } & OnApi)
  /**
   * Every WeChat access token (mini-program and official account) expires as the call arrives: this call and
   * every call still in flight with an old token get 42001, as when a token runs out in the middle of a long
   * send run. Only on the APIs called with one (TOKEN_APIS) or '*'.
   */
  | ({ kind: 'expireTokens' } & OnApi)
  /** Payment/refund notifications: dropped, sent twice, held and sent in reverse order, badly signed, amount changed. */
  | { kind: NotifyFaultKind; times?: Times };

type Entry = { id: number; spec: FaultSpec; left: number; skip: number };
type ApiFault = Extract<FaultSpec, { api: unknown }>;

export const API_FAULTS = ['delay', 'serverError', 'forgedResponse', 'expireTokens'] as const;
export const isApiFault = (s: FaultSpec): s is ApiFault => (API_FAULTS as readonly string[]).includes(s.kind);

export class FaultBook {
  private entries: Entry[] = [];
  private seq = 0;
  private rate = new Map<ApiName, { perSecond: number; window: number; count: number }>();
  private calls = new Map<ApiName, number>();

  /** Counts every call that reached an API (faulted and rate-limited ones included). */
  countCall(api: ApiName): void {
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
  }

  /** Calls per API since start or the last reset. */
  callCounts(reset = false): Partial<Record<ApiName, number>> {
    const out = Object.fromEntries(this.calls);
    if (reset) this.calls.clear();
    return out;
  }

  add(spec: FaultSpec): number {
    const times = spec.times ?? 1;
    const id = ++this.seq;
    const skip = isApiFault(spec) ? (spec.after ?? 0) : 0;
    this.entries.push({ id, spec, left: times === 'always' ? Infinity : times, skip });
    return id;
  }

  clear(id?: number): void {
    this.entries = id === undefined ? [] : this.entries.filter((e) => e.id !== id);
    if (id === undefined) this.rate.clear();
  }

  list(): Array<FaultSpec & { id: number; left: number | 'always' }> {
    return this.entries.map((e) => ({ ...e.spec, id: e.id, left: e.left === Infinity ? 'always' : e.left }));
  }

  /** Faults that fire on this API call (consumed). */
  forApi(api: ApiName): { delayMs: number; status?: number; forged: boolean; expireTokens: boolean } {
    let delayMs = 0;
    let status: number | undefined;
    let forged = false;
    let expireTokens = false;
    for (const e of this.entries) {
      const s = e.spec;
      if (!isApiFault(s) || (s.api !== '*' && s.api !== api) || e.left <= 0) continue;
      if (e.skip > 0) {
        e.skip -= 1;
        continue;
      }
      e.left -= 1;
      if (s.kind === 'delay') delayMs += s.ms;
      else if (s.kind === 'forgedResponse') forged = true;
      else if (s.kind === 'expireTokens') expireTokens = true;
      else status ??= s.status ?? 500;
    }
    this.prune();
    return { delayMs, status, forged, expireTokens };
  }

  /** Whether a notification fault of this kind fires for the next notification (consumed). */
  takeNotify(kind: NotifyFaultKind): boolean {
    const e = this.entries.find((x) => x.spec.kind === kind && x.left > 0);
    if (!e) return false;
    e.left -= 1;
    this.prune();
    return true;
  }

  /** Whether a switch-type notify fault is active, without consuming it. */
  hasNotify(kind: NotifyFaultKind): boolean {
    return this.entries.some((x) => x.spec.kind === kind && x.left > 0);
  }

  setRateLimit(api: ApiName, perSecond: number | null): void {
    if (perSecond === null) this.rate.delete(api);
    else this.rate.set(api, { perSecond, window: 0, count: 0 });
  }

  /** Counts a call; true when it goes over the API's calls-per-second limit. */
  overRate(api: ApiName, nowMs: number): boolean {
    const r = this.rate.get(api);
    if (!r) return false;
    const window = Math.floor(nowMs / 1000);
    if (window !== r.window) {
      r.window = window;
      r.count = 0;
    }
    r.count += 1;
    return r.count > r.perSecond;
  }

  private prune(): void {
    this.entries = this.entries.filter((e) => e.left > 0);
  }
}
