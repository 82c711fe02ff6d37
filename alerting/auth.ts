import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Intake credentials: a bearer token and/or basic auth (Alertmanager's http_config has both). */
export interface IntakeAuth {
  bearerToken: string;
  basicUser: string;
  basicPassword: string;
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Whether an Authorization header satisfies the configured credentials (none configured: yes). */
export function isAuthorized(header: string | undefined, auth: IntakeAuth): boolean {
  const wantsBearer = auth.bearerToken !== '';
  const wantsBasic = auth.basicUser !== '';
  if (!wantsBearer && !wantsBasic) return true;
  if (!header) return false;
  const [scheme, value = ''] = header.split(' ', 2);
  if (wantsBearer && scheme?.toLowerCase() === 'bearer') return same(value.trim(), auth.bearerToken);
  if (wantsBasic && scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return (
      colon > 0 &&
      same(decoded.slice(0, colon), auth.basicUser) &&
      same(decoded.slice(colon + 1), auth.basicPassword)
    );
  }
  return false;
}

/** Express middleware answering 401 (with the accepted schemes) to unauthenticated senders. */
export function requireAuth(auth: IntakeAuth): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    if (isAuthorized(req.headers.authorization, auth)) {
      next();
      return;
    }
    const schemes = [
      auth.bearerToken ? 'Bearer' : '',
      auth.basicUser ? 'Basic realm="opsctl alert router"' : '',
    ].filter(Boolean);
    res
      .status(401)
      .set('WWW-Authenticate', schemes.join(', '))
      .json({ error: 'missing or wrong credentials', code: 'E_UNAUTHORIZED' });
  };
}
