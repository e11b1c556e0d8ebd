import { Strategy as PassportStrategy } from 'passport-strategy';
import type { StrategyRequest } from './web-request.js';

/**
 * What `passport.authenticate()` adds to a strategy for the length of one request. Declared here rather
 * than taken from @types/passport-strategy so that this package's types need no @types package at all.
 */
export interface PassportActions {
  success(user: unknown, info?: unknown): void;
  fail(challenge?: unknown, status?: number): void;
  redirect(url: string, status?: number): void;
  pass(): void;
  error(error: Error): void;
}

/** A Passport strategy as `passport.use()` takes it. */
export interface PassportStrategyLike {
  name?: string | undefined;
  authenticate(req: StrategyRequest, options?: object): void;
}

/**
 * passport-strategy's constructor, typed with the actions Passport adds. Subclasses must not keep state in
 * `#private` fields: Passport calls `authenticate` on `Object.create(strategy)`, where those do not exist.
 */
export const StrategyBase = PassportStrategy as unknown as abstract new () => PassportActions;

/** Strategy options with `passReqToCallback: true`: the verify callback then receives `req` first. */
export type WithRequest<Options> = Omit<Options, 'passReqToCallback'> & { passReqToCallback: true };
