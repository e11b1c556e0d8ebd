import type { SierraPatron } from './seed.js';

// Sierra compares only this many PIN characters (docs/providers.md, Sierra: /patrons/validate).
const PIN_SIGNIFICANT_CHARS = 8;

export function pinMatches(patron: SierraPatron, pin: string): boolean {
  return pin.length > 0 && pin.slice(0, PIN_SIGNIFICANT_CHARS) === patron.pin.slice(0, PIN_SIGNIFICANT_CHARS);
}

/** The patron owning a barcode; `caseSensitive` defaults to true, as `caseSensitivity` does in Sierra. */
export function findByBarcode(
  patrons: readonly SierraPatron[],
  barcode: string,
  caseSensitive = true,
): SierraPatron | undefined {
  const wanted = caseSensitive ? barcode : barcode.toLowerCase();
  return patrons.find((patron) =>
    patron.barcodes.some((owned) => (caseSensitive ? owned : owned.toLowerCase()) === wanted),
  );
}

/** The patron if barcode and PIN both check out; one answer for either mistake, as Sierra gives. */
export function checkCredentials(
  patrons: readonly SierraPatron[],
  barcode: unknown,
  pin: unknown,
  caseSensitive = true,
): SierraPatron | undefined {
  if (typeof barcode !== 'string' || typeof pin !== 'string' || barcode === '') return undefined;
  const patron = findByBarcode(patrons, barcode, caseSensitive);
  return patron && pinMatches(patron, pin) ? patron : undefined;
}
