import type { Handler } from '../handler.js';
import { fieldValue } from '../request.js';

/** 93 → 94: `941` when CN and CO name the SIP account (plain-text algorithms `00`), else `940`. */
export const handleLogin: Handler = (request, context) => {
  const accepted =
    request.fixed === '00' &&
    fieldValue(request, 'CN') === context.credentials.loginUserId &&
    fieldValue(request, 'CO') === context.credentials.loginPassword;
  if (accepted) context.session.loggedIn = true;
  return { text: accepted ? '941' : '940', loginAccepted: accepted };
};
