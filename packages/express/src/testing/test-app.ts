import { createServer } from 'node:http';
import { listenOnLoopback, TEST_SECRET } from '@ils-auth/test-support';
import express from 'express';
import { type ErrorHandlerOptions, ilsAuthErrorHandler } from '../error-handler.js';
import { ilsAuthHealth } from '../health-route.js';
import { type IlsAuthRouter, ilsAuth } from '../ils-auth.js';
import type { IlsAuthOptions } from '../options.js';
import { requirePatron } from '../require-patron.js';

export { TEST_SECRET };
export const APP_USER_AGENT = 'BranchPortal/1.0 (+https://library.example.org)';

export interface TestApp {
  url: string;
  auth: IlsAuthRouter;
  /** Errors answered with a 5xx, as the error handler saw them. */
  serverErrors: unknown[];
  /** What the error handler's bounded log wrote, as `<level> <message>`. */
  logLines: string[];
  close(): Promise<void>;
}

/** Patron API paths that `/me/record` reads, per provider descriptor id. */
const PATRON_RECORD: Record<string, (patronId: string | undefined) => string> = {
  sierra: (patronId) => `patrons/${patronId}?fields=names,barcodes`,
  overdrive: () => 'v1/patrons/me',
  rero: () => 'api/patrons/info',
};

/** An Express 5 app as an application would write it, on 127.0.0.1 and a random port. */
export async function startTestApp(
  options: Omit<IlsAuthOptions, 'secret'> & Partial<Pick<IlsAuthOptions, 'secret'>>,
  configure?: (app: express.Express) => void,
  handlerOptions: ErrorHandlerOptions = {},
): Promise<TestApp> {
  const app = express();
  app.set('trust proxy', 'loopback');
  const auth = ilsAuth({
    secret: TEST_SECRET,
    ...options,
    clientOptions: { userAgent: APP_USER_AGENT, ...options.clientOptions },
  });
  app.use(auth);
  configure?.(app);
  app.get('/', (_req, res) => {
    res.type('text').send('home');
  });
  app.get('/account', requirePatron(), (req, res) => {
    res.json({ page: 'account', patron: req.patron });
  });
  app.get('/api/me', requirePatron(), (req, res) => {
    res.json({ patron: req.patron });
  });
  app.get('/me/record', requirePatron(), async (req, res) => {
    const patron = req.patron!;
    const descriptorId = auth.patronAuth(patron.provider).provider.id;
    const path = PATRON_RECORD[descriptorId]!(patron.patronId);
    const answer = await req.ils!.patronFetch(path, { headers: { accept: 'application/json' } });
    res.status(answer.status).json(await answer.json());
  });
  app.get('/app/:provider/*path', async (req, res) => {
    const path = (req.params.path as unknown as string[]).join('/');
    const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const answer = await req.ils!.client(req.params.provider!).fetch(`${path}${search}`);
    res
      .status(answer.status)
      .type('json')
      .send(await answer.text());
  });
  app.get('/health', ilsAuthHealth());
  app.get('/boom', () => {
    throw new Error(`database password is ${TEST_SECRET}`);
  });
  const serverErrors: unknown[] = [];
  const logLines: string[] = [];
  app.use(
    ilsAuthErrorHandler({
      onError: (error) => serverErrors.push(error),
      logger: {
        error: (message) => logLines.push(`error ${message}`),
        warn: (message) => logLines.push(`warn ${message}`),
      },
      ...handlerOptions,
    }),
  );

  const { url, close } = await listenOnLoopback(createServer(app));
  return { url, auth, serverErrors, logLines, close };
}
