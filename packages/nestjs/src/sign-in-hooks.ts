import type * as Core from '@ils-auth/core/web';
import type { IlsAuthRequest } from './http-types.js';

// Core's hook types, with Nest's request (Express or Fastify) as the request the hooks are handed.

export type IlsAuthCallbacks<User = unknown> = Core.IlsAuthCallbacks<User, IlsAuthRequest>;
export type IlsAuthEvents<User = unknown> = Core.IlsAuthEvents<User, IlsAuthRequest>;
export type SignInCallbackMessage = Core.SignInCallbackMessage<IlsAuthRequest>;
export type SignInEventMessage<User = unknown> = Core.SignInEventMessage<User, IlsAuthRequest>;
export type SignOutEventMessage<User = unknown> = Core.SignOutEventMessage<User, IlsAuthRequest>;
