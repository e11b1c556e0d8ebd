import type { IlsAuthEngine } from '@ils-auth/core/web';
import type { Request } from 'express';
import type { RouterOptions } from './options.js';

/** What `ilsAuth()` builds once and every route shares: core's engine and the router's own options. */
export interface RouterContext extends RouterOptions {
  readonly engine: IlsAuthEngine<Request>;
}

/** `<mount><basePath>/<name>/<action>`: the router may be mounted below the root. */
export function routePath(
  context: RouterContext,
  mountPath: string,
  name: string,
  action: 'login' | 'callback' | 'logout',
): string {
  return `${mountPath}${context.basePath}/${name}/${action}`;
}
