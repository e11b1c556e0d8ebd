// Counts the names each published entry point exports (values and types), from the built
// declaration files, and the names exported from more than one entry of the same package.
// Run after a build: node scripts/count-public-names.mjs [--list]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'packages/core/package.json'));
const ts = require('typescript');
const packages = ['core', 'express', 'nestjs', 'passport', 'redis'];
const list = process.argv.includes('--list');
const say = (line) => process.stdout.write(`${line}\n`);

for (const name of packages) {
  const dir = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const seen = new Map();
  for (const [entry, target] of Object.entries(manifest.exports)) {
    if (entry === './package.json') continue;
    const types = (target.import ?? target).types ?? target.types;
    const file = join(dir, types);
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file);
    const symbol = checker.getSymbolAtLocation(source);
    const names = symbol
      ? checker
          .getExportsOfModule(symbol)
          .map((s) => s.getName())
          .sort()
      : [];
    for (const n of names) seen.set(n, [...(seen.get(n) ?? []), entry]);
    say(`${manifest.name}${entry === '.' ? '' : entry.slice(1)}: ${names.length} names`);
    if (list) say(`  ${names.join(', ')}`);
  }
  const twice = [...seen].filter(([, entries]) => entries.length > 1).map(([n]) => n);
  if (twice.length > 0) say(`  exported from more than one entry of ${manifest.name}: ${twice.join(', ')}`);
}
