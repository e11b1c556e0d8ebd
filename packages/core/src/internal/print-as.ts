import { inspect } from 'node:util';

/**
 * Gives one of our objects the only printed form it may have: `JSON.stringify` and `util.inspect` (and so
 * `console.log`) both show `view()`, which leaves out or redacts every secret the object holds.
 * The two properties are non-enumerable, so spreading or iterating the object does not meet them.
 */
export function printAs<T extends object>(target: T, label: string, view: () => unknown): T {
  Object.defineProperty(target, 'toJSON', { enumerable: false, value: view });
  Object.defineProperty(target, inspect.custom, {
    enumerable: false,
    value: () => `${label} ${inspect(view())}`,
  });
  return target;
}
