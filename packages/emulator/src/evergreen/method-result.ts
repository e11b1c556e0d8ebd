/** What an OpenSRF method answers through the gateway: its responses, or a method exception. */
export type MethodResult =
  | { kind: 'responses'; payload: unknown[] }
  | { kind: 'exception'; status: number; debug: string };

export const respond = (value: unknown): MethodResult => ({ kind: 'responses', payload: [value] });

/** `osrfAppRequestRespondException`: the request dies; the gateway adds `debug` and the status. */
export const methodException = (message: string): MethodResult => ({
  kind: 'exception',
  status: 500,
  debug: `osrfMethodException : ${message}`,
});
