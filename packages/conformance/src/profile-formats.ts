import type { PatronProfile } from '@ils-auth/core';
import { PATRON_BLOCK_REASONS } from '@ils-auth/core/extend';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What makes a profile one of core's common shape, whichever system sent it; the problems found, empty
 * when there are none.
 */
export function profileFormatProblems(profile: PatronProfile, provider: string): string[] {
  const problems: string[] = [];
  if (profile.provider !== provider) problems.push(`provider is ${profile.provider}, not ${provider}`);
  if (typeof profile.id !== 'string' || profile.id === '') problems.push('id is not a non-empty string');
  for (const field of ['expiresAt', 'birthdate'] as const) {
    const value = profile[field];
    if (value !== undefined && !CALENDAR_DATE.test(value))
      problems.push(`${field} ${value} is not YYYY-MM-DD`);
  }
  if (profile.name !== undefined && (typeof profile.name !== 'string' || profile.name.trim() === ''))
    problems.push('name is empty');
  if (profile.blocks !== undefined) {
    if (!Array.isArray(profile.blocks) || profile.blocks.length === 0)
      problems.push('blocks is present but not a non-empty list');
    for (const block of profile.blocks ?? []) {
      if (!(PATRON_BLOCK_REASONS as readonly string[]).includes(block.reason))
        problems.push(`block reason ${block.reason} is not one of PATRON_BLOCK_REASONS`);
    }
  }
  if (profile.fines !== undefined && !Number.isFinite(profile.fines.amount))
    problems.push('fines.amount is not a number');
  if (profile.raw === undefined) problems.push('raw is missing');
  return problems;
}
