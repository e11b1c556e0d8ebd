/**
 * The bodies of the requests core sends, without the error-detection trailer (`AY…AZ…`) and terminator
 * that the connection adds. Each variable field ends with `|`. Values were checked before (no `|`, no
 * control characters), so a value cannot start a field of its own.
 */

export interface Sip2Login {
  loginUserId: string;
  loginPassword: string;
  locationCode?: string;
}

/** 93 Login: plain-text user id and password (algorithms `0` `0`), location code when configured. */
export function loginRequest({ loginUserId, loginPassword, locationCode }: Sip2Login): string {
  return `9300CN${loginUserId}|CO${loginPassword}|${locationCode ? `CP${locationCode}|` : ''}`;
}

/** 99 SC Status: status OK, print width 999, protocol version 2.00. */
export function scStatusRequest(): string {
  return '9909992.00';
}

export interface Sip2PatronRequest {
  date: string;
  institution: string;
  barcode: string;
  terminalPassword: string;
  /** Absent when only the record is read (no PIN check). */
  pin?: string;
}

/** 63 Patron Information: language unknown (000), no summary (ten spaces). */
export function patronInformationRequest(request: Sip2PatronRequest): string {
  return `63000${request.date}${' '.repeat(10)}${patronFields(request)}`;
}

/** 23 Patron Status. */
export function patronStatusRequest(request: Sip2PatronRequest): string {
  return `23000${request.date}${patronFields(request)}`;
}

/** 35 End Patron Session. */
export function endSessionRequest(request: Sip2PatronRequest): string {
  return `35${request.date}${patronFields(request)}`;
}

function patronFields({ institution, barcode, terminalPassword, pin }: Sip2PatronRequest): string {
  return `AO${institution}|AA${barcode}|AC${terminalPassword}|${pin === undefined ? '' : `AD${pin}|`}`;
}
