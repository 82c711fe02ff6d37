/** Login endpoints: v1 (`/v1/auth/login`, `/v1/auth/users/login`) and 3.x's `/v3/auth/user/login`. */
import { json, text, type SimRequest, type SimResponse } from './http-kit.js';
import type { Route, RouteContext } from './route.js';

function login(req: SimRequest, ctx: RouteContext): SimResponse {
  const outcome = ctx.auth.login(req.get('username'), req.get('password'));
  if (typeof outcome === 'string') return text(outcome, 403);
  return { ...json(outcome), headers: { Authorization: `Bearer ${outcome.accessToken}` } };
}

/** The login routes. */
export const authRoutes: Route[] = [
  { method: 'POST', path: '/nacos/v1/auth/login', family: 'v1-auth', secured: false, handle: login },
  { method: 'POST', path: '/nacos/v1/auth/users/login', family: 'v1-auth', secured: false, handle: login },
  { method: 'POST', path: '/nacos/v3/auth/user/login', family: 'v3-auth', secured: false, handle: login },
];
