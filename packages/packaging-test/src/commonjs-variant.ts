import ts from 'typescript';

/**
 * The example as a CommonJS module would write it: the imports stay at the top (the compiler turns them into
 * `require()` calls) and the rest runs inside an async function, since CommonJS has no top-level await.
 * `export` goes, as a module run as a program has nothing to export.
 */
export function commonJsVariant(source: string): string {
  const file = ts.createSourceFile('example.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imports: string[] = [];
  const body: string[] = [];
  for (const statement of file.statements) {
    const text = source.slice(statement.getFullStart(), statement.getEnd());
    if (ts.isImportDeclaration(statement)) {
      imports.push(text.trim());
      continue;
    }
    const exportKeyword = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.find((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
      : undefined;
    if (!exportKeyword) {
      body.push(text);
      continue;
    }
    const start = exportKeyword.getStart() - statement.getFullStart();
    const end = exportKeyword.getEnd() - statement.getFullStart();
    body.push(text.slice(0, start) + text.slice(end).replace(/^\s+/, ''));
  }
  return [
    ...imports,
    '',
    'async function example() {',
    ...body,
    '}',
    '',
    'example().catch((error) => {',
    '  console.error(error);',
    '  process.exit(1);',
    '});',
    '',
  ].join('\n');
}
