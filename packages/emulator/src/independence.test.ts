import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The emulator is the independent witness of the clients: if it shared code with them, a bug in that
// code would pass every test. Only node builtins and its own files may be imported (tests: vitest too).
const ALLOWED = /^(?:node:|\.\.?\/)/;
const ALLOWED_IN_TESTS = /^(?:node:|\.\.?\/|vitest$|playwright-core$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('independence', () => {
  it('imports nothing but node builtins and its own files', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(import.meta.dirname)) {
      const allowed = file.endsWith('.test.ts') ? ALLOWED_IN_TESTS : ALLOWED;
      for (const match of readFileSync(file, 'utf8').matchAll(
        /\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g,
      )) {
        const specifier = match[1] ?? match[2] ?? '';
        if (!allowed.test(specifier)) offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
