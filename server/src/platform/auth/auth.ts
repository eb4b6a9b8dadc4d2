/**
 * Who is calling. A bearer token (HS256 JWT, short-lived) names either a resident (a WeChat user)
 * or a staff member with roles and areas. Refresh tokens are the accounts module's business.
 */
import type Koa from 'koa';
import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { StaffRole } from '@portal/types';

/**
 * `tv` is the subject's token version when the token was signed: a staff member's roles, areas or
 * status changing (or a resident deleting their account) bumps it, and the accounts module refuses
 * tokens of an older version on every request and on open chat sockets.
 */
export type ResidentAuth = {
  kind: 'resident';
  userId: string;
  openid?: string;
  app?: 'mp' | 'oa';
  tv?: number;
};
export type StaffAuth = {
  kind: 'staff';
  staffId: string;
  username: string;
  roles: StaffRole[];
  areas: string[];
  tv?: number;
};
export type Auth = ResidentAuth | StaffAuth;

export type SessionTokens = {
  sign(auth: Auth, ttlSeconds?: number): Promise<string>;
  verify(token: string): Promise<Auth | undefined>;
  ttlSeconds: number;
};

/**
 * How many verified tokens a process remembers. Every request carries its token; checking its HS256
 * signature again each time costs about 40 µs of CPU (a remembered one, under 2 µs), and a remembered token
 * is still refused from the second it expires.
 */
export const VERIFIED_TOKENS_KEPT = 10_000;

export function createSessionTokens(secret: string, ttlSeconds: number): SessionTokens {
  const key = new TextEncoder().encode(secret);
  // Only tokens whose signature checked out, with the expiry jose checked; oldest first.
  const verified = new Map<string, { auth: Auth; exp: number }>();
  return {
    ttlSeconds,
    async sign(auth, ttl = ttlSeconds) {
      const sub = auth.kind === 'resident' ? auth.userId : auth.staffId;
      return new SignJWT({ ...auth })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
        .sign(key);
    },
    async verify(token) {
      const known = verified.get(token);
      // jose's own rule: a token is expired from its `exp` second on.
      if (known && known.exp > Math.floor(Date.now() / 1000)) return copyOf(known.auth);
      if (known) verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        const auth = authOf(payload);
        if (auth && typeof payload.exp === 'number') {
          verified.set(token, { auth, exp: payload.exp });
          if (verified.size > VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
        }
        return auth && copyOf(auth);
      } catch (e) {
        if (e instanceof joseErrors.JOSEError) return undefined;
        throw e;
      }
    },
  };
}

/** Who a verified token's claims name, or undefined when they name no one this portal knows. */
function authOf(payload: JWTPayload): Auth | undefined {
  if (payload.kind === 'resident' && typeof payload.userId === 'string') {
    return {
      kind: 'resident',
      userId: payload.userId,
      openid: typeof payload.openid === 'string' ? payload.openid : undefined,
      app: payload.app === 'oa' ? 'oa' : payload.app === 'mp' ? 'mp' : undefined,
      tv: typeof payload.tv === 'number' ? payload.tv : 0,
    };
  }
  if (payload.kind === 'staff' && typeof payload.staffId === 'string' && Array.isArray(payload.roles)) {
    return {
      kind: 'staff',
      staffId: payload.staffId,
      username: String(payload.username ?? ''),
      roles: payload.roles as StaffRole[],
      areas: Array.isArray(payload.areas) ? (payload.areas as string[]) : [],
      tv: typeof payload.tv === 'number' ? payload.tv : 0,
    };
  }
  return undefined;
}

/** Each request gets its own copy: nothing one request does to its identity reaches the next. */
const copyOf = (auth: Auth): Auth =>
  auth.kind === 'staff' ? { ...auth, roles: [...auth.roles], areas: [...auth.areas] } : { ...auth };

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

/** Sets ctx.state.auth when a valid bearer token is present; routes decide whether they need one. */
export function authenticate(tokens: SessionTokens): Koa.Middleware {
  return async (ctx, next) => {
    const token = bearerToken(ctx.get('authorization'));
    if (token) ctx.state.auth = await tokens.verify(token);
    await next();
  };
}
