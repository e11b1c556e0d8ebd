/** What an OpenSRF method answers through the gateway: its responses, or a method exception. */
export type MethodResult =
  | { kind: 'responses'; payload: unknown[] }
  | { kind: 'exception'; status: number; debug: string };

export const respond = (value: unknown): MethodResult => ({ kind: 'responses', payload: [value] });

/**
 * `osrfAppRequestRespondException` (OpenSRF `osrf_application.c`): the request dies with status 404
 * and the name `osrfMethodException`; the gateway writes `debug` as "<name> : <text>".
 */
export const methodException = (text: string): MethodResult => ({
  kind: 'exception',
  status: 404,
  debug: `osrfMethodException : ${text}`,
});
