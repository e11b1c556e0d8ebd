import type { Reply } from './http.js';
import type { RequestContext } from './request-context.js';

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  methods: readonly string[];
  /** Anchored pattern over the path; capture groups become `ctx.params`. */
  pattern: RegExp;
  /** The stable name the request log and fault matching use. */
  endpoint: string;
  /** Counted by `tokenRequests()`. */
  tokenEndpoint: boolean;
  handle: Handler;
}

export function route(
  methods: string | readonly string[],
  pattern: RegExp,
  endpoint: string,
  handle: Handler,
  options: { tokenEndpoint?: boolean } = {},
): Route {
  const tokenEndpoint = options.tokenEndpoint ?? false;
  return {
    methods: typeof methods === 'string' ? [methods] : methods,
    pattern,
    endpoint,
    tokenEndpoint,
    handle,
  };
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: string[] }
  | { kind: 'method-not-allowed'; endpoint: string; allow: string[] }
  | { kind: 'not-found' };

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let pathMatch: { endpoint: string; allow: string[] } | undefined;
  for (const candidate of routes) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    if (candidate.methods.includes(method)) {
      return { kind: 'found', route: candidate, params: match.slice(1).map((param) => param ?? '') };
    }
    pathMatch ??= { endpoint: candidate.endpoint, allow: [] };
    pathMatch.allow.push(...candidate.methods);
  }
  return pathMatch ? { kind: 'method-not-allowed', ...pathMatch } : { kind: 'not-found' };
}
