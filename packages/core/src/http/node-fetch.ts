/**
 * Whether `candidate` is Node's own `fetch`, as Node made it: only then may an API call be handed to
 * undici's dispatcher directly (`direct-request.ts`) instead of going through it. A `fetch` put in its
 * place, by a test tool (msw, nock, `vi.stubGlobal`) or by the app's own wrapper, must see every call, so
 * anything else is called as it is.
 *
 * Node's `fetch` is a small JavaScript function that loads undici from Node's internals on first use, and
 * its source names that module; no replacement's does. A Node whose `fetch` reads differently only loses
 * the shortcut, never a call.
 */
export function isNodeFetch(candidate: typeof fetch): boolean {
  if (candidate !== lastChecked) {
    lastChecked = candidate;
    lastAnswer =
      typeof candidate === 'function' &&
      Function.prototype.toString.call(candidate).includes(NODE_UNDICI_MODULE);
  }
  return lastAnswer;
}

const NODE_UNDICI_MODULE = "require('internal/deps/undici/undici')";

// Every call asks about the same function (the client's), so one remembered answer is enough.
let lastChecked: unknown;
let lastAnswer = false;
