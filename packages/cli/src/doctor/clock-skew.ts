/** When a request left, when its answer arrived, and the server's `Date` header on that answer. */
export interface DatedAnswer {
  sentAt: number;
  receivedAt: number;
  date: string | null;
}

/**
 * A `fetch` that remembers the `Date` header of the last answer and the local times around it, so the
 * token request itself measures the server's clock (no extra request, and the token endpoint is the
 * server whose clock sets token expiry).
 */
export function dateRecordingFetch(): { fetch: typeof fetch; last(): DatedAnswer | undefined } {
  let last: DatedAnswer | undefined;
  return {
    async fetch(input, init) {
      const sentAt = Date.now();
      const response = await globalThis.fetch(input, init);
      last = { sentAt, receivedAt: Date.now(), date: response.headers.get('date') };
      return response;
    },
    last: () => last,
  };
}

/**
 * Milliseconds the server's clock is ahead of ours (negative: behind), or undefined without a usable
 * `Date`. The header has whole seconds, so the server's time lies in [date, date + 1 s): its middle is
 * compared with the middle of the round trip.
 */
export function clockSkewMs(answer: DatedAnswer): number | undefined {
  if (answer.date === null) return undefined;
  const serverTime = Date.parse(answer.date);
  if (Number.isNaN(serverTime)) return undefined;
  return serverTime + 500 - (answer.sentAt + answer.receivedAt) / 2;
}
