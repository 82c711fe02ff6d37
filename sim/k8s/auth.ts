/**
 * Bearer tokens of the simulator: `kube-sim.<base64url(user name)>`, so a kubeconfig can carry
 * any identity and Forbidden messages name it. No Authorization header means system:anonymous;
 * a token of another form is 401 Unauthorized, as a real server answers unknown tokens.
 */
import { unauthorized } from './api-error.js';

const PREFIX = 'kube-sim.';

/** The bearer token that authenticates as `user`. */
export function tokenFor(user: string): string {
  return PREFIX + Buffer.from(user, 'utf8').toString('base64url');
}

/** The user a request authenticates as. Throws 401 ApiError. */
export function authenticate(authorization: string | undefined): string {
  if (authorization === undefined || authorization === '') return 'system:anonymous';
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  const token = match?.[1];
  if (!token?.startsWith(PREFIX)) throw unauthorized();
  const user = Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8');
  if (user === '') throw unauthorized();
  return user;
}
