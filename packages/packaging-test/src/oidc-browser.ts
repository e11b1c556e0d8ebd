import { createServer } from 'node:http';
import { listenOnLoopback } from '@ils-auth/test-support';
import { signInAtOidcServer } from '@ils-auth/test-support/oidc';

/** A browser for tests in another process: it walks an OpenID server's sign-in pages on their behalf. */
export interface OidcBrowser {
  /** POST an authorization URL here: the answer is the URL the server finally redirects to. */
  url: string;
  close(): Promise<void>;
}

/** Starts the browser on loopback, signing in as `login` at every server it is sent to. */
export async function startOidcBrowser(login: string): Promise<OidcBrowser> {
  const http = createServer(async (req, res) => {
    try {
      let body = '';
      for await (const chunk of req) body += chunk;
      const callback = await signInAtOidcServer(body, login);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(callback);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  const { url, close } = await listenOnLoopback(http);
  return { url, close };
}
