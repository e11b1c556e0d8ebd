import { inspect } from 'node:util';
import { type AtOnce, NOT_AT_ONCE } from '../../internal/at-once.js';
import type { PatronSession } from '../../patrons/patron-session.js';
import type { SetCookie } from '../cookies.js';
import { attachCookies } from '../error-cookies.js';
import type { SessionCookieValue } from '../session-cookie.js';
import type { WebRequest } from '../web-request.js';
import { type AcceptedSignIn, acceptSignIn } from './accept-sign-in.js';
import {
  type CurrentSession,
  type CurrentSessions,
  currentSessions,
  currentSessionsAtOnce,
  forgetSession,
} from './browser-sessions.js';
import type { EngineSetup } from './engine-setup.js';
import { type Patron, patronFromSession } from './patron.js';
import { readSessionEntries, sessionCookieOf } from './session-cookie-jar.js';
import { emitEvent } from './sign-in-hooks.js';
import type { SignedIn } from './signed-in.js';
import { signInRedirect, type WebRedirect } from './web-redirect.js';

const NO_PATRONS: Readonly<Record<string, Patron>> = Object.freeze({});
const NO_COOKIES: readonly SetCookie[] = Object.freeze([]);
const NO_SESSIONS: CurrentSessions = Object.freeze({ sessions: [], ended: [], cookies: [] });
const NO_USERS: readonly unknown[] = Object.freeze([]);
const LOADED: Promise<void> = Promise.resolve();

/** A finished sign-in: the patron, and the 303 to where they go with every cookie to write. */
export interface SignInAnswer {
  patron: Patron;
  redirect: WebRedirect;
}

/**
 * One request as the engine sees it: the browser's sessions (read once, whoever asks first), the patrons
 * they stand for, the providers whose session ended during the request, and the cookies still to write.
 * `Req` is the framework's request, handed to the application's hooks.
 *
 * The sessions of a request are the cookie's live entries plus those started during the request: signing
 * in replaces the provider's entry, signing out ends what the request holds, so a session begun earlier
 * in the same request is ended in the store like any other (never only dropped from the cookie).
 */
export class EngineRequest<Req = unknown> {
  readonly setup: EngineSetup<Req>;
  readonly request: WebRequest;
  readonly req: Req;
  #loading: Promise<void> | undefined;
  #loaded = false;
  /** The request's session entries once loaded: the cookie's live ones, and those started since. */
  #entries: SessionCookieValue[] | undefined;
  // Both made when first needed: most requests see one session or none, and nothing ending.
  #sessions: Map<string, PatronSession> | undefined;
  #ended: string[] | undefined;
  #cookies: SetCookie[] | undefined;
  patrons: Readonly<Record<string, Patron>> = NO_PATRONS;
  /** The first of `patrons` in the order the providers are configured. */
  patron: Patron | undefined;

  constructor(setup: EngineSetup<Req>, request: WebRequest, req: Req) {
    this.setup = setup;
    this.request = request;
    this.req = req;
  }

  /**
   * Reads the browser's sessions once: `patrons`, `patron`, the providers whose session is over (their
   * entries leave the cookie: see `takeCookies`). During a store outage core's grace rules hold, else
   * `store_unavailable`: an outage never passes for "signed out".
   */
  load(): Promise<void> {
    if (this.#loading === undefined) this.loadAtOnce();
    this.#loading ??= this.#load();
    return this.#loading;
  }

  /**
   * `load()` without waiting, when every answer is at hand (an in-process store; see `readAtOnce`): true
   * when the request's patrons are set. Adapters try it first, so that a guarded request goes on in the
   * same turn, without the promises and the hop an awaited read costs; on false they await `load()`.
   */
  loadAtOnce(): boolean {
    if (this.#loading !== undefined) return this.#loaded;
    let entries: SessionCookieValue[];
    let current: AtOnce<CurrentSessions>;
    try {
      entries = readSessionEntries(this.setup, this.request);
      current = entries.length === 0 ? NO_SESSIONS : currentSessionsAtOnce(this.setup, this.request, entries);
    } catch {
      return false; // `load()` meets the same error, and rejects with it
    }
    if (current !== NOT_AT_ONCE) this.#loading = this.#finishLoad(entries, current);
    return this.#loaded;
  }

  async #load(): Promise<void> {
    const entries = readSessionEntries(this.setup, this.request);
    const current =
      entries.length === 0 ? NO_SESSIONS : await currentSessions(this.setup, this.request, entries);
    await this.#finishLoad(entries, current);
  }

  /** Takes the sessions found; then the patrons, at once unless a `signIn` callback's users must be awaited. */
  #finishLoad(entries: SessionCookieValue[], { sessions, ended, cookies }: CurrentSessions): Promise<void> {
    this.#entries = ended.length ? entries.filter((entry) => !ended.includes(entry.provider)) : entries;
    for (const name of ended) this.sessionEnded(name);
    if (cookies.length) this.#cookies = [...(this.#cookies ?? []), ...cookies];
    if (this.setup.hooks.callbacks.signIn === undefined || sessions.length === 0) {
      this.#patronsFound(sessions, NO_USERS);
      return LOADED;
    }
    const { users } = this.setup;
    const atOnce = sessions.map(({ session }) => users.loadAtOnce(session.id));
    if (!atOnce.includes(NOT_AT_ONCE)) {
      this.#patronsFound(sessions, atOnce);
      return LOADED;
    }
    return Promise.all(sessions.map(({ session }) => users.load(session.id))).then((found) =>
      this.#patronsFound(sessions, found),
    );
  }

  /** The patrons of the live sessions, with the user the `signIn` callback mapped each to (`users[i]`). */
  #patronsFound(sessions: readonly CurrentSession[], users: readonly unknown[]): void {
    this.#setPatrons(
      sessions.map(({ provider, session }, index) => {
        this.#remember(provider.name, session);
        return patronFromSession(provider.name, session, users[index]);
      }),
    );
    this.#loaded = true;
  }

  /** Providers whose session in this browser ended during this request: a re-sign-in goes to the last. */
  get ended(): readonly string[] {
    return this.#ended ?? [];
  }

  /** Records that a provider's session ended (found over, or its tokens were refused). */
  sessionEnded(name: string): void {
    this.#ended ??= [];
    if (!this.#ended.includes(name)) this.#ended.push(name);
  }

  /** The cookies this request still has to write (ended entries dropped); each is handed out once. */
  takeCookies(): readonly SetCookie[] {
    const cookies = this.#cookies ?? NO_COOKIES;
    this.#cookies = undefined;
    return cookies;
  }

  /** The session behind a patron of this request (for `patronFetch`, "log out everywhere"). */
  sessionOf(provider: string): PatronSession | undefined {
    return this.#sessions?.get(provider);
  }

  /**
   * Finishes a verified sign-in (`verifyPinSignIn`, `verifyCodeSignIn`, or a session from the app's own
   * `login()`): the `signIn` callback decides, the session joins the browser's others and replaces the one
   * it held with this provider (deleted: a session id planted before sign-in is worth nothing after), the
   * patron becomes the request's, and `events.signIn` is told. The answer is the 303 to where they go.
   */
  async signIn(signedIn: SignedIn): Promise<SignInAnswer> {
    await this.load();
    const accepted = await acceptSignIn(this.setup, signedIn, this.req);
    const cookies = [...accepted.cookies, ...(await this.establish(accepted))];
    const { events, eventError } = this.setup.hooks;
    const { patron } = accepted;
    await emitEvent(events.signIn, { patron, provider: patron.provider, req: this.req }, eventError);
    return { patron, redirect: signInRedirect(303, accepted.returnTo, cookies) };
  }

  /** Makes an accepted sign-in this browser's session of its provider; returns the session cookie. */
  async establish(accepted: AcceptedSignIn): Promise<SetCookie[]> {
    await this.load();
    const { provider, session, patron } = accepted;
    const entries = this.#entries!;
    const previous = entries.find((entry) => entry.provider === provider.name);
    if (previous && previous.sessionId !== session.id)
      await forgetSession(this.setup, provider, previous.sessionId, true);
    this.#entries = [
      ...entries.filter((entry) => entry !== previous),
      { provider: provider.name, sessionId: session.id },
    ];
    const ended = this.#ended?.indexOf(provider.name) ?? -1;
    if (ended >= 0) this.#ended!.splice(ended, 1);
    this.#remember(provider.name, session);
    this.#setPatrons([
      ...Object.values(this.patrons).filter((other) => other.provider !== patron.provider),
      patron,
    ]);
    // On the sign-in route the patron is the one who just signed in, whatever the providers' order.
    this.patron = patron;
    // The sign-in's cookie replaces any that loading queued, which no longer holds.
    this.#cookies = undefined;
    return [sessionCookieOf(this.setup, this.request, this.#entries)];
  }

  /**
   * Ends the request's sessions, or only `provider`'s, in the store, and returns the cookie that keeps the
   * rest (none when no such session). No origin check and no event: for the server's own initiative (the
   * patron's tokens died); a patron's sign-out is `signOut`. During a store outage the sessions end in
   * this process, and the error (503) carries the cookie, so the browser drops it anyway.
   */
  async endSessions(provider?: string): Promise<SetCookie[]> {
    const loaded = this.#entries !== undefined;
    const entries = this.#entries ?? readSessionEntries(this.setup, this.request);
    const ending = entries.filter((entry) => provider === undefined || entry.provider === provider);
    if (ending.length === 0) return [];
    const kept = entries.filter((entry) => !ending.includes(entry));
    const cookie = sessionCookieOf(this.setup, this.request, kept);
    this.#entries = kept;
    this.#setPatrons(
      Object.values(this.patrons).filter(
        (patron) => !ending.some((entry) => entry.provider === patron.provider),
      ),
    );
    try {
      await Promise.all(
        ending.map((entry) =>
          forgetSession(this.setup, this.setup.providers.get(entry.provider)!, entry.sessionId, loaded),
        ),
      );
    } catch (error) {
      throw attachCookies(error, [cookie]);
    }
    return [cookie];
  }

  #remember(provider: string, session: PatronSession): void {
    this.#sessions ??= new Map();
    this.#sessions.set(provider, session);
  }

  #setPatrons(patrons: readonly Patron[]): void {
    if (patrons.length <= 1) {
      // Every request passes here; most carry one session or none.
      this.patrons = patrons[0] ? patronsOfOne(patrons[0]) : NO_PATRONS;
      this.patron = patrons[0];
      return;
    }
    const { order } = this.setup;
    const sorted = [...patrons].sort((a, b) => order.indexOf(a.provider) - order.indexOf(b.provider));
    this.patrons = Object.freeze(Object.fromEntries(sorted.map((patron) => [patron.provider, patron])));
    this.patron = sorted[0];
  }

  toJSON(): Record<string, unknown> {
    return { type: 'EngineRequest', providers: Object.keys(this.patrons) };
  }

  [inspect.custom](): string {
    return `EngineRequest { patrons: ${inspect(Object.keys(this.patrons))} }`;
  }
}

/** `patrons` with one patron, made once per patron (frozen, so requests may share it). */
function patronsOfOne(patron: Patron): Readonly<Record<string, Patron>> {
  let patrons = patronsByPatron.get(patron);
  if (!patrons) {
    patrons = Object.freeze({ [patron.provider]: patron });
    patronsByPatron.set(patron, patrons);
  }
  return patrons;
}

const patronsByPatron = new WeakMap<Patron, Readonly<Record<string, Patron>>>();
