import { ilsAuth, ilsAuthErrorHandler, requirePatron } from '@ils-auth/express';
import express from 'express';
import type { Integration } from '../harness.js';
import { listen } from '../listen.js';
import { webAppOptions } from './app-options.js';

/** `ilsAuth()` mounted at the root, as the package's README shows it. */
export const expressRouter: Integration = {
  notApplicable: {},
  async start(environment) {
    const app = express();
    app.use(ilsAuth(webAppOptions(environment)));
    app.get('/me', requirePatron({ respond: 'json' }), (req, res) => {
      res.json({ provider: req.patron?.provider, patronId: req.patron?.patronId });
    });
    app.use(ilsAuthErrorHandler({ onError: () => {} }));
    const server = await listen(app);
    return {
      url: server.url,
      pinLogin: '/auth/card/login',
      kohaPinLogin: '/auth/koha/login',
      sip2PinLogin: '/auth/sip2/login',
      codeLogin: '/auth/rero/login',
      logout: '/auth/logout',
      patron: '/me',
      sessionCookie: 'ils_session',
      close: server.close,
    };
  },
  constructors: {
    'ilsAuth()': async (environment, extra) => {
      ilsAuth({ ...webAppOptions(environment), ...extra });
    },
  },
};
