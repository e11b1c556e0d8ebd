import { STATUS_CODES } from 'node:http';
import { jsonReply, type Reply } from '../shared/http.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

/** Sierra's error body on every endpoint; `description` is sometimes absent (SI-2). */
export interface SierraErrorBody {
  code: number;
  specificCode: number;
  httpStatus: number;
  name: string;
  description?: string;
}

const error = (code: number, httpStatus: number, name: string, description?: string): SierraErrorBody =>
  description === undefined
    ? { code, specificCode: 0, httpStatus, name }
    : { code, specificCode: 0, httpStatus, name, description };

/**
 * The bodies the emulator sends. Codes 106, 108, 113, 120-129 and 133 are the ones docs/providers.md lists
 * (bodies of 108 and 113 are recorded: SI-3, SI-1); 107 is Sierra's documented "Record not found".
 * Where docs/providers.md names no code, the emulator sends code 0 with the HTTP reason phrase as the name,
 * so nobody mistakes an invented code for a real one.
 */
export const SIERRA_ERRORS = {
  /** SI-1, byte for byte. */
  unauthorized: error(113, 401, 'Unauthorized', 'Invalid or missing authorization header'),
  invalidScheme: error(121, 400, 'Invalid authorization scheme', 'Expected Basic authentication'),
  badClientCredentials: error(127, 401, 'Unauthorized', 'Invalid client key or secret'),
  invalidCode: error(124, 401, 'invalid_code', 'Invalid, expired or already used authorization code'),
  missingCode: error(125, 400, 'missing_code', 'Missing authorization code'),
  badRedirectUri: error(
    128,
    401,
    'invalid_redirect_uri',
    'redirect_uri does not match the authorization request',
  ),
  badClientId: error(129, 401, 'invalid_client_id', 'Invalid client_id'),
  unsupportedGrant: error(106, 400, 'Parameter not recognized', 'grant_type'),
  /** SI-3, byte for byte. */
  invalidBarcodeOrPin: error(108, 400, 'Invalid parameter', 'Invalid parameter : Invalid barcode or PIN'),
  invalidAuthMethod: error(108, 400, 'Invalid parameter', 'Invalid parameter : authMethod'),
  recordNotFound: error(107, 404, 'Record not found'),
  multipleRecords: error(133, 409, 'Multiple records found', 'More than one patron record matches'),
  forbidden: error(0, 403, 'Forbidden', 'This token may only access the patron who logged in'),
} satisfies Record<string, SierraErrorBody>;

/** The content type Sierra sends with JSON (token responses, info, records). */
export const SIERRA_JSON = 'application/json;charset=UTF-8';

export function sierraErrorReply(
  body: SierraErrorBody,
  headers: Record<string, string | string[]> = {},
): Reply {
  return jsonReply(body.httpStatus, body, SIERRA_JSON, headers);
}

export function genericSierraError(status: number, description?: string): SierraErrorBody {
  return error(0, status, STATUS_CODES[status] ?? 'Error', description);
}

export const sierraSystemErrors: SystemErrors = {
  forStatus: (status) => sierraErrorReply(genericSierraError(status)),
};
