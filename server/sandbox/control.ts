/**
 * The control API (`/__sandbox/...`): what WeChat's users and WeChat's own staff would do, for tests
 * and the demo: log in, grant subscriptions, follow, pay, expire tokens, inject faults, and read back
 * what the portal sent.
 */
import type Router from '@koa/router';
import {
  API_FAULTS,
  API_NAMES,
  isApiFault,
  TOKEN_APIS,
  NOTIFY_FAULTS,
  type ApiName,
  type FaultSpec,
} from './faults';
import { expireTokens, randomId, type SandboxCtx, type LooseBody } from './http';
import { OFFICIAL_LIBRARY, SUBSCRIBE_LIBRARY } from './library';
import { pickTemplate, unionidFor } from './mp';
import { setFollowing } from './oa';
import type { Notifier } from './notifier';
import { reissuePlatformCertificate } from './keys';
import { payOrder, settleRefund, transactionView } from './pay';
import { isRequestPayment } from './paySheet';
import { CODE_TTL_MS, type RefundPlan, type SandboxState, type VerificationMode } from './state';

const REFUND_OUTCOMES = ['SUCCESS', 'CLOSED', 'ABNORMAL'] as const;

const bad = (ctx: SandboxCtx, message: string) => {
  ctx.status = 400;
  ctx.body = { error: message };
};

export function controlRoutes(router: Router, state: SandboxState, notifier: Notifier): void {
  const keys = state.options.keys;
  const body = (ctx: SandboxCtx) => (ctx.state.json ?? {}) as LooseBody;
  const appidOf = (app: unknown) => (app === 'oa' ? keys.oaAppid : keys.appid);

  router.get('/__sandbox/info', (ctx) => {
    ctx.body = {
      appid: keys.appid,
      oaAppid: keys.oaAppid,
      mchid: keys.mchid,
      merchantSerial: keys.merchant.serial,
      platformSerial: keys.platform.serial,
      publicKeyId: keys.publicKey.id,
      verification: state.options.verification,
    };
  });

  router.post('/__sandbox/login-codes', (ctx) => {
    const b = body(ctx);
    const appid = appidOf(b.app);
    const openid = typeof b.openid === 'string' ? b.openid : `o${randomId(27)}`;
    const code = randomId(32);
    const scope =
      b.app === 'oa' ? (b.scope === 'snsapi_userinfo' ? 'snsapi_userinfo' : 'snsapi_base') : undefined;
    state.codes.set(code, {
      appid,
      openid,
      unionid: b.unionid,
      scope,
      used: false,
      expiresAt: state.options.now().getTime() + CODE_TTL_MS,
    });
    state.users.add(`${appid}|${openid}`);
    ctx.body = { code, openid, unionid: unionidFor(state, openid, b.unionid) };
  });

  /**
   * The utility picking a library template (as in the WeChat admin console): mini-program by tid and
   * kidList, official account by template_id_short (`tid`) and keyword names; all keywords when neither
   * is given. `templateId` fixes the id WeChat would otherwise make up (the demo keeps its ids across restarts).
   */
  router.post('/__sandbox/templates', (ctx) => {
    const b = body(ctx);
    if (typeof b.tid !== 'string')
      return bad(ctx, 'tid: a library template (GET /__sandbox/template-library)');
    const picked = pickTemplate(state, {
      app: b.app === 'oa' ? 'oa' : 'mp',
      tid: b.tid,
      kidList: Array.isArray(b.kidList) ? b.kidList : undefined,
      keywordNames: Array.isArray(b.keywordNames) ? b.keywordNames : undefined,
      templateId: typeof b.templateId === 'string' ? b.templateId : undefined,
    });
    if ('errcode' in picked) return bad(ctx, `${picked.errcode} ${picked.errmsg}`);
    ctx.body = { templateId: picked.templateId, keywords: picked.keywords };
  });

  router.get(
    '/__sandbox/template-library',
    (ctx) => void (ctx.body = { subscribe: SUBSCRIBE_LIBRARY, official: OFFICIAL_LIBRARY }),
  );

  router.post('/__sandbox/subscriptions', (ctx) => {
    const b = body(ctx);
    const ids: string[] = Array.isArray(b.templateIds) ? b.templateIds : [];
    if (!b.openid || ids.length === 0 || ids.length > 5) return bad(ctx, 'openid and 1–5 templateIds');
    const result: Record<string, string> = {};
    // Whoever taps in the mini-program is a user WeChat knows.
    state.users.add(`${keys.appid}|${b.openid}`);
    for (const id of ids) {
      const tpl = state.templates.get(id);
      if (!tpl) {
        result[id] = 'filter';
        continue;
      }
      const key = `${tpl.appid}|${b.openid}|${id}`;
      state.grants.set(key, b.longTerm ? Infinity : (state.grants.get(key) ?? 0) + 1);
      result[id] = 'accept';
    }
    ctx.body = { errMsg: 'requestSubscribeMessage:ok', ...result };
  });

  router.post('/__sandbox/followers', async (ctx) => {
    const b = body(ctx);
    if (!b.openid) return bad(ctx, 'openid');
    if (b.unionid) unionidFor(state, b.openid, b.unionid);
    // Pushed to the portal's server URL when one is configured (oa.ts), as WeChat does.
    const push = await setFollowing(state, b.openid, b.follow !== false);
    ctx.body = { ok: true, push };
  });

  router.get('/__sandbox/messages', (ctx) => {
    const q = ctx.query as Record<string, string | undefined>;
    ctx.body = state.messages.filter(
      (m) =>
        (!q.touser || m.touser === q.touser) &&
        (!q.templateId || m.templateId === q.templateId) &&
        (!q.kind || m.kind === q.kind),
    );
  });

  router.post('/__sandbox/tokens/expire', (ctx) => {
    const b = body(ctx);
    ctx.body = { expired: expireTokens(state, b.appid ? String(b.appid) : undefined) };
  });

  router.post('/__sandbox/tokens/revoke', (ctx) => {
    const b = body(ctx);
    let n = 0;
    for (const t of state.tokens.values()) {
      if ((b.token && t.token === b.token) || (!b.token && (!b.appid || t.appid === b.appid))) {
        t.revoked = true;
        n++;
      }
    }
    ctx.body = { revoked: n };
  });

  router.get('/__sandbox/orders/:outTradeNo', (ctx) => {
    const order = state.orders.get(ctx.params.outTradeNo);
    if (!order) return void ((ctx.status = 404), (ctx.body = { error: 'ORDER_NOT_EXIST' }));
    ctx.body = {
      ...transactionView(order),
      prepay_id: order.prepayId,
      notify_url: order.notifyUrl,
      description: order.description,
    };
  });

  router.post('/__sandbox/orders/:outTradeNo/pay', (ctx) => {
    const { paidAt: at, requestPayment } = body(ctx);
    const paidAt = at === undefined ? undefined : new Date(at);
    if (paidAt && Number.isNaN(paidAt.getTime())) return bad(ctx, 'paidAt: ISO date');
    if (requestPayment !== undefined && !isRequestPayment(requestPayment))
      return bad(ctx, 'requestPayment: {appId, timeStamp, nonceStr, package, signType, paySign}');
    const r = payOrder(state, notifier, ctx.params.outTradeNo, { paidAt, requestPayment });
    if (!r.ok)
      return void ((ctx.status = r.code === 'ORDER_NOT_EXIST' ? 404 : 409), (ctx.body = { error: r.code }));
    ctx.body = { transactionId: r.transactionId };
  });

  /** How new refunds end: `{outcome, afterMs}` or `{hold: true}` (PROCESSING until settled below). */
  router.post('/__sandbox/refund-plan', (ctx) => {
    const b = body(ctx) as Partial<{ outcome: string; afterMs: number; hold: boolean }>;
    if (b.hold === true) state.refundPlan = { hold: true };
    else if (
      REFUND_OUTCOMES.includes(b.outcome as never) &&
      Number.isFinite(b.afterMs ?? 0) &&
      (b.afterMs ?? 0) >= 0
    ) {
      state.refundPlan = { outcome: b.outcome, afterMs: b.afterMs ?? 0 } as RefundPlan;
    } else return bad(ctx, `{hold: true} | {outcome: ${REFUND_OUTCOMES.join(' | ')}, afterMs}`);
    ctx.body = { ok: true };
  });

  /** Ends a PROCESSING refund with the given outcome (and its REFUND.* notification). */
  router.post('/__sandbox/refunds/:outRefundNo/settle', (ctx) => {
    const outcome = body(ctx).outcome;
    if (!REFUND_OUTCOMES.includes(outcome)) return bad(ctx, `outcome: ${REFUND_OUTCOMES.join(' | ')}`);
    if (!settleRefund(state, notifier, ctx.params.outRefundNo, outcome))
      return void ((ctx.status = 409), (ctx.body = { error: 'REFUND_NOT_PROCESSING' }));
    ctx.body = { ok: true };
  });

  /** The next `times` trade-bill downloads come with one digit changed (their SHA1 no longer matches). */
  router.post('/__sandbox/trade-bills/tamper', (ctx) => {
    const times = body(ctx).times ?? 1;
    if (!(Number.isInteger(times) && times >= 0)) return bad(ctx, 'times: integer ≥ 0');
    state.tradeBills.tamperNext = times;
    ctx.body = { ok: true };
  });

  /** The merchant's available balance in fen (null: unlimited); refunds beyond it answer NOT_ENOUGH. */
  router.post('/__sandbox/merchant-balance', (ctx) => {
    const fen = body(ctx).fen;
    if (fen !== null && !(Number.isInteger(fen) && fen >= 0)) return bad(ctx, 'fen: integer ≥ 0 or null');
    state.merchantBalanceFen = fen ?? undefined;
    ctx.body = { ok: true };
  });

  /** Issues the platform certificate again (same key and serial) expiring at `notAfter`. */
  router.post('/__sandbox/platform-certificate', (ctx) => {
    const notAfter = new Date(String(body(ctx).notAfter));
    if (Number.isNaN(notAfter.getTime())) return bad(ctx, 'notAfter: ISO date');
    reissuePlatformCertificate(keys, notAfter);
    ctx.body = { ok: true };
  });

  router.get('/__sandbox/notifications', (ctx) => {
    const q = ctx.query as Record<string, string | undefined>;
    ctx.body = state.notifications.filter((n) => !q.outTradeNo || n.outTradeNo === q.outTradeNo);
  });

  router.post('/__sandbox/notifications/release-held', (ctx) => {
    notifier.releaseHeld();
    ctx.body = { ok: true };
  });

  /** Waits until every notification was delivered, dropped or given up (retries included). */
  router.post('/__sandbox/notifications/settle', async (ctx) => {
    await notifier.idle();
    ctx.body = { ok: true };
  });

  router.get('/__sandbox/faults', (ctx) => void (ctx.body = state.faults.list()));
  router.post('/__sandbox/faults', (ctx) => {
    const spec = body(ctx) as FaultSpec;
    const isApi = isApiFault(spec);
    if (!isApi && !(NOTIFY_FAULTS as readonly string[]).includes(spec.kind)) {
      return bad(ctx, `kind: ${[...API_FAULTS, ...NOTIFY_FAULTS].join(' | ')}`);
    }
    if (spec.kind === 'expireTokens' && spec.api !== '*' && !TOKEN_APIS.includes(spec.api))
      return bad(ctx, `expireTokens api: * | ${TOKEN_APIS.join(' | ')}`);
    if (isApi && spec.after !== undefined && !(Number.isInteger(spec.after) && spec.after >= 0))
      return bad(ctx, 'after: a whole number of calls, 0 or more');
    if (isApi && spec.api !== '*' && !API_NAMES.includes(spec.api))
      return bad(ctx, `api: * | ${API_NAMES.join(' | ')}`);
    ctx.body = { id: state.faults.add(spec) };
  });
  router.delete('/__sandbox/faults', (ctx) => {
    state.faults.clear(ctx.query.id ? Number(ctx.query.id) : undefined);
    ctx.body = { ok: true };
  });

  /** Calls per API (`?reset=1` zeroes the counters after reading). */
  router.get('/__sandbox/calls', (ctx) => void (ctx.body = state.faults.callCounts(ctx.query.reset === '1')));

  router.post('/__sandbox/rate-limits', (ctx) => {
    const b = body(ctx) as { api: ApiName; perSecond: number | null };
    if (!API_NAMES.includes(b.api)) return bad(ctx, `api: ${API_NAMES.join(' | ')}`);
    state.faults.setRateLimit(b.api, b.perSecond);
    ctx.body = { ok: true };
  });

  router.post('/__sandbox/verification', (ctx) => {
    const mode = body(ctx).mode as VerificationMode;
    if (!['certificate', 'publicKey', 'switch'].includes(mode))
      return bad(ctx, 'mode: certificate | publicKey | switch');
    state.options.verification = mode;
    ctx.body = { ok: true };
  });
}
