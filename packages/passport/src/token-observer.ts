import { AsyncLocalStorage } from 'node:async_hooks';
import { type ProviderDescriptor, parseTokenResponse, type TokenSet } from '@ils-auth/core';

/**
 * Passport's verify contract hands the app the access and refresh tokens, while core's `handleCallback`
 * keeps them in its store and returns only the session. Rather than run a second OAuth client, the strategy
 * gives core a `fetch` (core's documented instrumentation hook) that keeps a copy of the token endpoint's
 * answer, scoped by AsyncLocalStorage to the one callback being handled, and reads it with core's own
 * parser once core has accepted it.
 */
export class TokenObserver {
  readonly #provider: ProviderDescriptor;
  readonly #baseFetch: typeof fetch | undefined;
  readonly #clock: () => number;
  readonly #sinks = new AsyncLocalStorage<{ open: boolean; answers: Response[] }>();
  readonly #tokenUrls: ReadonlySet<string>;

  constructor(provider: ProviderDescriptor, baseFetch: typeof fetch | undefined, clock: () => number) {
    this.#provider = provider;
    this.#baseFetch = baseFetch;
    this.#clock = clock;
    this.#tokenUrls = new Set(
      [provider.endpoints.token, provider.endpoints.passwordToken]
        .filter((url): url is string => typeof url === 'string')
        .map((url) => new URL(url).href),
    );
  }

  /** The `fetch` to give core. */
  readonly fetch: typeof fetch = async (input, init) => {
    const response = await (this.#baseFetch ?? globalThis.fetch)(input, init);
    const sink = this.#sinks.getStore();
    if (sink?.open && response.ok && this.#isTokenRequest(input, init)) sink.answers.push(response.clone());
    return response;
  };

  /** Runs `signIn` and returns the tokens of the last token response it received, if any. */
  async observe<T>(signIn: () => Promise<T>): Promise<{ value: T; tokens: TokenSet | undefined }> {
    // Work started inside `signIn` keeps its async context afterwards (a timer, a background refresh):
    // closing the sink makes sure nothing is copied for a sign-in that is over.
    const sink = { open: true, answers: [] as Response[] };
    try {
      const value = await this.#sinks.run(sink, signIn);
      sink.open = false;
      const last = sink.answers.pop();
      return { value, tokens: last ? await this.#parse(last) : undefined };
    } finally {
      sink.open = false;
      for (const unread of sink.answers.splice(0)) await unread.body?.cancel().catch(() => undefined);
    }
  }

  #isTokenRequest(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): boolean {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'POST') return false;
    try {
      const url = input instanceof Request ? input.url : String(input);
      return this.#tokenUrls.has(new URL(url).href);
    } catch {
      return false;
    }
  }

  async #parse(response: Response): Promise<TokenSet | undefined> {
    try {
      return parseTokenResponse(
        { status: response.status, headers: response.headers, bodyText: await response.text() },
        {
          provider: this.#provider.id,
          now: this.#clock(),
          defaultLifetimeSeconds: this.#provider.defaultTokenLifetimeSeconds,
          secrets: [],
        },
      );
    } catch {
      // Core accepted this answer already; if it reads differently here, the tokens are simply not handed out.
      return undefined;
    }
  }
}
