import { gatewayCall, IlsAuthError, type IlsClient } from '@ils-auth/core';
import type { AllEmulators } from '@ils-auth/emulator';

/**
 * FOLIO, Polaris, Symphony, Alma and Evergreen: systems that speak no OAuth. The application signs in as a
 * staff or API user (or sends a key, or signs its requests); patrons sign in with the same card + PIN form.
 * Each name is the route name in both demos (`/auth/<name>/login`) and the page with the application's call.
 */
export const FIVE_SYSTEMS = [
  { name: 'folio', label: 'FOLIO', loginLabel: 'User name', secretLabel: 'Password' },
  { name: 'polaris', label: 'Polaris', loginLabel: 'Card number', secretLabel: 'PIN' },
  { name: 'symphony', label: 'SirsiDynix Symphony', loginLabel: 'Card number', secretLabel: 'PIN' },
  { name: 'alma', label: 'Ex Libris Alma', loginLabel: 'Card number', secretLabel: 'Password' },
  { name: 'evergreen', label: 'Evergreen', loginLabel: 'Card number', secretLabel: 'Password' },
] as const;

export type FiveSystemName = (typeof FIVE_SYSTEMS)[number]['name'];

/** One seeded (public, fake) patron of the five systems, as the home pages list them. */
export interface FiveSystemPatron {
  system: FiveSystemName;
  /** What goes in the form's first field: a FOLIO user name, the card number elsewhere. */
  login: string;
  secret: string;
  /** As core's profiles write it: "Last, First". */
  name: string;
  /** The patron's state in the emulator's seed: valid, blocked, expired, fines… */
  note: string;
}

/** Every patron of the five emulators' seeds, in every state, so the home pages show what they accept. */
export function fiveSystemPatrons(emulators: AllEmulators): FiveSystemPatron[] {
  return [
    ...emulators.folio.users
      .filter((user) => user.kind === 'patron')
      .map((user) => ({
        system: 'folio' as const,
        login: user.username,
        secret: user.password,
        name: `${user.personal.lastName}, ${user.personal.firstName}`,
        note: `${user.note} (card ${user.barcode})`,
      })),
    ...emulators.polaris.patrons.map((patron) => ({
      system: 'polaris' as const,
      login: patron.barcode,
      secret: patron.password,
      name: `${patron.nameLast}, ${patron.nameFirst}`,
      note: patron.note,
    })),
    ...emulators.symphony.patrons.map((patron) => ({
      system: 'symphony' as const,
      login: patron.barcode,
      secret: patron.pin,
      name: `${patron.lastName}, ${patron.firstName}`,
      note: patron.note,
    })),
    ...emulators.alma.users.map((user) => ({
      system: 'alma' as const,
      login: user.barcode,
      secret: user.password,
      name: `${user.lastName}, ${user.firstName}`,
      note: user.note,
    })),
    ...emulators.evergreen.users
      .filter((user) => user.kind === 'patron')
      .map((user) => ({
        system: 'evergreen' as const,
        login: user.barcode,
        secret: user.password,
        name: `${user.familyName}, ${user.firstGivenName}`,
        note: user.note,
      })),
  ];
}

/** One request a system's page makes with the application's own credential, and what it read. */
export interface AppCredentialCall {
  /** The request as the page describes it: what `client.fetch()` (or `gatewayCall`) was given. */
  request: string;
  /** What the answer says, in words. */
  result: string;
}

export type AppCredentialCalls = Record<
  FiveSystemName,
  (client: Pick<IlsClient, 'fetch' | 'provider'>) => Promise<AppCredentialCall>
>;

/**
 * One live call per system with the application's credential, about a seeded patron: the same
 * `client.fetch(path)` everywhere (core puts the session, signature or key where each system wants it),
 * and for Evergreen core's `gatewayCall`, which adds the authtoken as the method's first parameter.
 */
export function appCredentialCalls(emulators: AllEmulators): AppCredentialCalls {
  const folioPatron = emulators.folio.users.find((user) => user.kind === 'patron');
  const polarisPatron = emulators.polaris.patrons[0];
  const symphonyPatron = withFines(emulators.symphony.patrons);
  const almaPatron = withFines(emulators.alma.users);
  const evergreenPatron = withFines(emulators.evergreen.users.filter((user) => user.kind === 'patron'));
  return {
    folio: async (client) => {
      const request = `users?query=username=="${folioPatron?.username}"`;
      const found = (await readJson(client, request)) as { totalRecords?: number };
      return { request, result: `${found.totalRecords ?? 0} user record(s) found` };
    },
    polaris: async (client) => {
      const request = `search/patrons/boolean?q=PATB=${polarisPatron?.barcode}`;
      const found = (await readJson(client, request)) as { TotalRecordsFound?: number };
      return { request, result: `${found.TotalRecordsFound ?? 0} patron(s) found` };
    },
    symphony: async (client) => {
      const request = `user/patronStatusInfo/key/${symphonyPatron?.patronKey}`;
      const status = (await readJson(client, request)) as {
        fields?: { estimatedFines?: { amount?: string }; standing?: { key?: string } };
      };
      const fields = status.fields;
      return {
        request,
        result: `standing ${fields?.standing?.key ?? '?'}, estimated fines ${fields?.estimatedFines?.amount ?? '?'}`,
      };
    },
    alma: async (client) => {
      const request = `users/${almaPatron?.primaryId}?expand=fees`;
      const user = (await readJson(client, request)) as { full_name?: string; fees?: { value?: number } };
      return { request, result: `${user.full_name ?? '?'} owes ${user.fees?.value ?? 0}` };
    },
    evergreen: async (client) => {
      const id = evergreenPatron?.id ?? 0;
      // Evergreen's fieldmapper objects are positional: balance_owed comes first.
      const fines = (await gatewayCall(
        client,
        'open-ils.actor',
        'open-ils.actor.user.fines.summary',
        id,
      )) as {
        __p?: unknown[];
      };
      return {
        request: `gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', ${id})`,
        result: `balance owed ${String(fines.__p?.[0] ?? '?')}`,
      };
    },
  };
}

/** The seeded patron with fines, whose call shows more than an empty answer. */
function withFines<Patron extends { note: string }>(patrons: readonly Patron[]): Patron | undefined {
  return patrons.find((patron) => patron.note.startsWith('fines')) ?? patrons[0];
}

async function readJson(client: Pick<IlsClient, 'fetch' | 'provider'>, path: string): Promise<unknown> {
  const answer = await client.fetch(path);
  if (!answer.ok) {
    await answer.body?.cancel();
    throw new IlsAuthError('provider_error', `${client.provider.displayName} answered ${answer.status}`, {
      retryable: answer.status >= 500,
    });
  }
  return answer.json();
}
