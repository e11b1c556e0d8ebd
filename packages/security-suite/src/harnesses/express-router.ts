import { ilsAuth, ilsAuthErrorHandler, requirePatron } from '@ils-auth/express';
import express from 'express';
import { type Integration, TRUSTED_PROXY } from '../harness.js';
import { listen } from '../listen.js';
import { WEB_APP_ROUTES, webAppOptions } from './app-options.js';

/** `ilsAuth()` mounted at the root, as the package's README shows it. */
export const expressRouter: Integration = {
  notApplicable: {
    'one-throttle-two-integrations': 'the app mounts ilsAuth() alone; the Passport rows mount both',
  },
  async start(environment) {
    const app = express();
    // Behind a proxy on this machine, as deployed sites are: X-Forwarded-For names the client.
    app.set('trust proxy', TRUSTED_PROXY);
    app.use(ilsAuth(webAppOptions(environment)));
    app.get('/me', requirePatron({ respond: 'json' }), (req, res) => {
      res.json({ provider: req.patron?.provider, patronId: req.patron?.patronId });
    });
    app.get('/me/catalogue', requirePatron({ provider: 'catalogue', respond: 'json' }), (req, res) => {
      res.json({ patronId: req.patrons?.catalogue?.patronId });
    });
    app.use(ilsAuthErrorHandler({ onError: () => {} }));
    const server = await listen(app);
    return {
      url: server.url,
      ...WEB_APP_ROUTES,
      close: server.close,
    };
  },
  constructors: {
    'ilsAuth()': async (environment, extra) => {
      ilsAuth({ ...webAppOptions(environment), ...extra });
    },
  },
};
