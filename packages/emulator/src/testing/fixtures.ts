import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

/**
 * Test helper: a fixture file from `packages/emulator/fixtures/<system>/` (see the README there for
 * where each shape comes from). Not exported from the package.
 */
export function readFixture(system: string, name: string): string {
  return readFileSync(join(FIXTURES, system, name), 'utf8');
}

// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary JSON; the assertions are the types.
export function readJsonFixture(system: string, name: string): any {
  return JSON.parse(readFixture(system, name));
}

/**
 * The shape of a JSON value: objects keep their keys, arrays their first element, and every other value
 * becomes its type name. Two answers have the same shape when every field of the fixture is present
 * with the same type (`expect(shapeOf(answer)).toMatchObject(shapeOf(fixture))`); extra fields are fine.
 */
// biome-ignore lint/suspicious/noExplicitAny: a shape is compared with toEqual / toMatchObject, which want objects.
export function shapeOf(value: unknown): any {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, shapeOf(field)]));
  }
  return typeof value;
}
