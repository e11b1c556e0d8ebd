/** The events `Open-ILS/src/extras/ils_events.xml` defines that these methods answer. */
const EVENTS = {
  SUCCESS: { code: 0, desc: 'Success' },
  LOGIN_FAILED: { code: 1000, desc: 'User login failed' },
  NO_SESSION: { code: 1001, desc: 'User login session has either timed out or does not exist' },
  ACTOR_USER_NOT_FOUND: {
    code: 1002,
    desc: 'Someone attempted to retrieve a user from the system and the user was not found',
  },
  PATRON_CARD_INACTIVE: { code: 1216, desc: "The patron's card is not active" },
  PATRON_INACTIVE: { code: 1217, desc: 'This account is marked as inactive' },
  PERM_FAILURE: { code: 5000, desc: 'Permission Denied' },
} as const;

export type EventName = keyof typeof EVENTS;

/**
 * An event as `oils_event.c` writes it: `ilsevent` (a number), `textcode`, `desc`, `pid`, `stacktrace`,
 * and `payload` when there is one. A failed login names no telling line (Evergreen uses one harmless
 * line for every LOGIN_FAILED), so the events never say why a login failed.
 */
export function ilsEvent(name: EventName, payload?: unknown, extra: Record<string, unknown> = {}) {
  const { code, desc } = EVENTS[name];
  return {
    ilsevent: code,
    textcode: name,
    desc,
    pid: process.pid,
    stacktrace: 'oils_auth.c:1024',
    ...extra,
    ...(payload === undefined ? {} : { payload }),
  };
}

/** Whether a method's answer is an event (clients must check every answer, all come in HTTP 200). */
export function isEvent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'ilsevent' in value && 'textcode' in value;
}
