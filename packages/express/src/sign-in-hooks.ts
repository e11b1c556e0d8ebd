import type * as Core from '@ils-auth/core/web';
import type { Request } from 'express';

// Core's hook types, with Express's `Request` as the request the hooks are handed.

export type IlsAuthCallbacks<User = unknown> = Core.IlsAuthCallbacks<User, Request>;
export type IlsAuthEvents<User = unknown> = Core.IlsAuthEvents<User, Request>;
export type SignInCallbackMessage = Core.SignInCallbackMessage<Request>;
export type SignInEventMessage<User = unknown> = Core.SignInEventMessage<User, Request>;
export type SignOutEventMessage<User = unknown> = Core.SignOutEventMessage<User, Request>;
