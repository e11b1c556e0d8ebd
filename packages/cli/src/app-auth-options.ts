/** The flags of the five systems that no other provider takes. */
export const APP_AUTH_OPTIONS = {
  'okapi-url': { type: 'string' },
  tenant: { type: 'string' },
  'access-id': { type: 'string' },
  'staff-domain': { type: 'string' },
  'staff-username': { type: 'string' },
  'app-id': { type: 'string' },
  'staff-login': { type: 'string' },
} as const;
