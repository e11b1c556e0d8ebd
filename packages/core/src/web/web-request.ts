/**
 * The little of an HTTP request that the web layer reads. Each framework shim builds one from its own
 * request object (Express, Fastify, a plain Node `IncomingMessage`); nothing here knows a framework.
 */
export interface WebRequest {
  /** Upper-case method: `GET`, `POST`, … */
  readonly method: string;
  /** Path and query as the client sent them (`/auth/rero/callback?code=…`). */
  readonly url: string;
  /** Header names in lower case, as Node gives them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * The client's IP as the framework resolved it under its own trust-proxy rules (Express `req.ip`,
   * Fastify `request.ip`); the shim passes the socket's address when the framework has no such rule.
   */
  readonly ip?: string | undefined;
  /** True when the request reached the application over TLS (or through a trusted proxy that says so). */
  readonly secure?: boolean | undefined;
}

/** One header's value: the first when it was sent more than once. */
export function headerOf(request: Pick<WebRequest, 'headers'>, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}
