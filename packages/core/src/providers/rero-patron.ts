import type { PatronInstitution, PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { asRecord, compact, firstString, idString } from './profile-fields.js';

/**
 * Maps `/api/patrons/info` in both shapes RERO ILS has served: the current one (`user_id`, `patron_info`
 * keyed by organisation) and the older one of RERO's documentation (seed 004 in docs/providers.md: `patron_types[]`).
 */
export function mapReroPatron(info: Record<string, unknown>, providerId: string): PatronProfile {
  const institutions: PatronInstitution[] = [];
  for (const [code, value] of Object.entries(asRecord(info.patron_info))) {
    const entry = asRecord(value);
    institutions.push(
      compact({
        code: firstString(entry.institution) ?? code,
        patronId: idString(entry.patron_pid),
        patronType: firstString(entry.patron_type),
        expiresAt: calendarDate(firstString(entry.expiration_date)),
      }),
    );
  }
  if (institutions.length === 0 && Array.isArray(info.patron_types)) {
    for (const value of info.patron_types) {
      const entry = asRecord(value);
      const code = firstString(entry.institution);
      if (!code) continue;
      institutions.push(
        compact({
          code,
          patronType: firstString(entry.patron_type),
          expiresAt: calendarDate(firstString(entry.expiration_date)),
        }),
      );
    }
  }
  const first = institutions[0];
  return compact({
    provider: providerId,
    id: idString(info.user_id) ?? first?.patronId ?? firstString(info.barcode) ?? '',
    barcode: firstString(info.barcode),
    name: firstString(info.fullname),
    birthdate: calendarDate(firstString(info.birthdate)),
    expiresAt: first?.expiresAt,
    patronType: first?.patronType,
    institutions: institutions.length > 0 ? institutions : undefined,
    raw: info,
  });
}
