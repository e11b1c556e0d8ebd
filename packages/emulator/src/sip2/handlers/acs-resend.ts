/** 96 (request SC resend): what the server answers to a message it could not take (bad checksum, unknown command). */
export const REQUEST_SC_RESEND = '96';

/**
 * 97 (request ACS resend): the last answer again. It goes out without its `AY` sequence number (a resent
 * message carries none) and so with a fresh checksum; `96` when nothing was answered yet. As Koha's
 * `handle_request_acs_resend`.
 */
export function resendText(lastAnswer: string | undefined): string {
  return lastAnswer ?? REQUEST_SC_RESEND;
}
