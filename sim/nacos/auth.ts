/**
 * Authentication of the simulator, as the Nacos default auth plugin behaves: login returns a
 * signed JWT (HS256) with a TTL; requests identify with `Authorization: Bearer`, an
 * `accessToken` parameter or header, or raw `username`/`password` parameters; failures are
 * HTTP 403 with the server's exact texts.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../k8s/clock.js';

/** A user of the simulated server. */
export interface SimUser {
  username: string;
  password: string;
  /** Namespace ids this user may read and write; omitted means all (a global admin). */
  namespaces?: string[] | undefined;
}

/** Auth settings of a simulator. */
export interface SimAuthOptions {
  users: SimUser[];
  /** `tokenTtl` of issued tokens. @default 18000 */
  tokenTtlSeconds?: number;
}

/** The 403 texts of the server. */
export const AUTH_TEXT = {
  userNotFound: 'user not found!',
  tokenInvalid: 'token invalid!',
  tokenExpired: 'token expired!',
  authorizationFailed: 'authorization failed!',
} as const;

/** What a successful login returns. */
export interface LoginResult {
  accessToken: string;
  tokenTtl: number;
  globalAdmin: boolean;
  username: string;
}

/** Request identity material. */
export interface Credentials {
  authorization?: string | undefined;
  accessToken?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

const b64 = (v: string | Buffer): string => Buffer.from(v).toString('base64url');

/** Users, tokens and checks. Disabled when constructed without options. */
export class SimAuth {
  readonly enabled: boolean;
  private readonly users = new Map<string, SimUser>();
  private secret = randomBytes(32);
  private ttl: number;

  constructor(
    options: SimAuthOptions | undefined,
    private readonly clock: Clock,
  ) {
    this.enabled = options !== undefined;
    this.ttl = options?.tokenTtlSeconds ?? 18_000;
    for (const u of options?.users ?? []) this.users.set(u.username, { ...u });
  }

  /** Adds or replaces a user. */
  setUser(user: SimUser): void {
    this.users.set(user.username, { ...user });
  }

  /** Changes the TTL of tokens issued from now on. */
  setTokenTtl(seconds: number): void {
    this.ttl = seconds;
  }

  /** Invalidates every issued token (a new signing key), so clients must log in again. */
  revokeTokens(): void {
    this.secret = randomBytes(32);
  }

  /**
   * Checks a username and password; returns the token or the 403 text. With auth off any
   * non-empty username logs in, so clients configured with credentials keep working.
   */
  login(username: string | undefined, password: string | undefined): LoginResult | string {
    const user =
      !this.enabled && username ? { username, password: password ?? '' } : this.check(username, password);
    if (typeof user === 'string') return user;
    const exp = Math.floor(this.clock.now() / 1000) + this.ttl;
    const body = `${b64(JSON.stringify({ alg: 'HS256' }))}.${b64(JSON.stringify({ sub: user.username, exp }))}`;
    return {
      accessToken: `${body}.${this.sign(body)}`,
      tokenTtl: this.ttl,
      globalAdmin: user.namespaces === undefined,
      username: user.username,
    };
  }

  /** The user a request speaks for, or the 403 text. */
  identify(c: Credentials): SimUser | string {
    const bearer = c.authorization?.startsWith('Bearer ') ? c.authorization.slice(7) : undefined;
    const token = bearer ?? c.accessToken;
    if (token) return this.verify(token);
    if (c.username) return this.check(c.username, c.password);
    return AUTH_TEXT.userNotFound;
  }

  /** Whether a user may touch a namespace. */
  allows(user: SimUser, namespaceId: string): boolean {
    return user.namespaces === undefined || user.namespaces.includes(namespaceId);
  }

  private check(username: string | undefined, password: string | undefined): SimUser | string {
    const user = username === undefined ? undefined : this.users.get(username);
    if (!user || password === undefined || user.password !== password) return AUTH_TEXT.userNotFound;
    return user;
  }

  private verify(token: string): SimUser | string {
    const parts = token.split('.');
    if (parts.length !== 3) return AUTH_TEXT.tokenInvalid;
    const [head = '', payload = '', sig = ''] = parts;
    const want = Buffer.from(this.sign(`${head}.${payload}`));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return AUTH_TEXT.tokenInvalid;
    let claims: { sub?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return AUTH_TEXT.tokenInvalid;
    }
    if (typeof claims.exp !== 'number' || this.clock.now() / 1000 > claims.exp) return AUTH_TEXT.tokenExpired;
    const user = typeof claims.sub === 'string' ? this.users.get(claims.sub) : undefined;
    return user ?? AUTH_TEXT.userNotFound;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
