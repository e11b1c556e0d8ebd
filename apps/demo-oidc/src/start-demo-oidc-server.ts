import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { DEMO_OIDC_PATRON, type DemoOidcPatron } from './demo-patron.js';
import { errorPage } from './interaction-pages.js';
import { handleInteraction, isInteractionRequest } from './interactions.js';

export interface DemoOidcServerOptions {
  /** The client's registered redirect URIs; OpenID servers compare them character for character. */
  redirectUris: readonly string[];
  /** 0 or absent: a free port. */
  port?: number;
}

export interface DemoOidcServer {
  /** `http://127.0.0.1:PORT`: the issuer identifier and the server's origin. */
  issuer: string;
  /** The registered confidential client (client_secret_basic, PKCE required). */
  client: { clientId: string; clientSecret: string };
  /** The UserInfo endpoint (also in the discovery document): an API call as the signed-in patron. */
  userinfoUrl: string;
  /** The account a person signs in with on the server's own page. */
  patron: DemoOidcPatron;
  close(): Promise<void>;
}

const USERINFO_PATH = '/me';

/** Scopes the client may ask for, and the standard claims each one releases. */
const CLAIMS = { openid: ['sub'], profile: ['name', 'birthdate'], email: ['email'] };

/**
 * An OpenID Connect server on loopback that this project did not write (panva's oidc-provider, OpenID
 * Certified), for the demos' sign-in through the generic `oauth2({ issuer })` provider: discovery, PKCE,
 * RFC 9207 `iss`, id_tokens signed by a key generated per start, UserInfo and revocation. Its sign-in page
 * checks the one test patron's password; the consent page asks before sharing.
 */
export async function startDemoOidcServer(options: DemoOidcServerOptions): Promise<DemoOidcServer> {
  const server = createServer();
  await listen(server, options.port ?? 0);
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { clientId: 'riverside-portal', clientSecret: randomBytes(24).toString('base64url') };
  const patron = DEMO_OIDC_PATRON;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        client_name: 'Riverside Library portal',
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'demo-1', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: CLAIMS,
    scopes: Object.keys(CLAIMS),
    pkce: { required: () => true },
    // Seconds; a demo's sign-ins are short, and everything is forgotten when the process stops.
    ttl: {
      Session: 3600,
      Grant: 3600,
      Interaction: 600,
      AuthorizationCode: 60,
      AccessToken: 3600,
      IdToken: 3600,
    },
    features: { devInteractions: { enabled: false }, revocation: { enabled: true } },
    routes: { userinfo: USERINFO_PATH },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Its own error page in place of oidc-provider's, which loads a web font from the internet.
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(String(out.error), out.error_description);
    },
    async findAccount(_ctx, sub) {
      if (sub !== patron.sub) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, name: patron.name, email: patron.email, birthdate: patron.birthdate }),
      };
    },
  });
  const oidc = provider.callback();
  server.on('request', (req, res) => {
    if (!isInteractionRequest(req)) return oidc(req, res);
    handleInteraction(provider, patron, req, res).catch((error: unknown) => {
      // An expired or foreign interaction: oidc-provider's errors name the problem, never a secret.
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`This sign-in cannot go on: ${(error as Error).message}`);
    });
  });

  return {
    issuer,
    client,
    userinfoUrl: `${issuer}${USERINFO_PATH}`,
    patron,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
