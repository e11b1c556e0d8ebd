const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase()) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** The emulators hold fake credentials and answer anyone: they must never listen beyond this machine. */
export function assertLoopbackHost(host: string): void {
  if (!isLoopbackHostname(host)) {
    throw new RangeError(
      `host: the emulator listens on loopback only (127.0.0.1, ::1, localhost), got "${host}"`,
    );
  }
}

/**
 * The default redirect-URI rule for seeded clients: any plain-http URI on a loopback host, any port and
 * path, like a native app's loopback redirect (RFC 8252 §7.3). Clients registered with exact URIs get
 * exact matching instead (RFC 9700 §2.1).
 */
export function isRedirectUriAllowed(registered: readonly string[] | undefined, uri: string): boolean {
  // The URL parser drops tabs and newlines, but the raw string goes into a Location header: refuse them.
  if ([...uri].some((char) => char <= ' ' || char === '\u007f')) return false;
  if (registered && registered.length > 0) return registered.includes(uri);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && url.hash === '' && isLoopbackHostname(url.hostname);
}

/** Formats a host for a URL (IPv6 literals need brackets). */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
