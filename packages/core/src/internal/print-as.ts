import { inspect } from 'node:util';

/**
 * Gives one of our objects the only printed form it may have: `JSON.stringify` and `util.inspect` (and so
 * `console.log`) both show `view()`, which leaves out or redacts every secret the object holds.
 * The two properties are non-enumerable, so spreading or iterating the object does not meet them. On a
 * prototype (`target`), they print every object made from it: `view` is then called on that object.
 */
export function printAs<T extends object, V = T>(target: T, label: string, view: (this: V) => unknown): T {
  Object.defineProperty(target, 'toJSON', { enumerable: false, value: view });
  Object.defineProperty(target, inspect.custom, { enumerable: false, value: printerOf(label) });
  return target;
}

/**
 * One printer per label, shared by every object of that kind: a session is made on every sign-in, and a
 * closure each (named by the build, to keep names readable in stack traces) is work for nothing. `inspect`
 * calls it on the object itself, whose `toJSON` is its view.
 */
function printerOf(label: string): () => string {
  let printer = printers.get(label);
  if (!printer) {
    printer = function printed(this: { toJSON(): unknown }) {
      return `${label} ${inspect(this.toJSON())}`;
    };
    printers.set(label, printer);
  }
  return printer;
}

const printers = new Map<string, () => string>();
