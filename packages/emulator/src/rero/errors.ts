import { STATUS_CODES } from 'node:http';
import { jsonReply, type Reply } from '../shared/http.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

/** Headers oauthlib puts on every token-endpoint answer, success or error. */
export const TOKEN_HEADERS = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** oauthlib's error body; a 401 also carries its `WWW-Authenticate` challenge. */
export function oauthErrorReply(status: number, error: string, description?: string): Reply {
  const body = description === undefined ? { error } : { error, error_description: description };
  const headers: Record<string, string> = { ...TOKEN_HEADERS };
  if (status === 401) headers['WWW-Authenticate'] = `Bearer error="${error}"`;
  return jsonReply(status, body, 'application/json', headers);
}

// Werkzeug's standard descriptions, which Invenio's REST errors carry as `message`.
const MESSAGES: Record<number, string> = {
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  401: "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
  413: 'The data value transmitted exceeds the capacity limit.',
  500: 'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
  503: 'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.',
};

/** Invenio's REST error body, `{status, message}`. */
export function invenioErrorReply(status: number): Reply {
  return jsonReply(status, { status, message: MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error' });
}

export const reroSystemErrors: SystemErrors = { forStatus: invenioErrorReply };
