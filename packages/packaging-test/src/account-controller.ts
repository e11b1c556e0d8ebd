import { mkdir, readFile, writeFile } from 'node:fs/promises';

/** The NestJS package's own test controller: `GET /account`, the patron behind `PatronGuard`. */
const ACCOUNT_CONTROLLER = new URL('../../nestjs/src/test-support/account.controller.ts', import.meta.url);

/**
 * Writes the controller the README's NestJS tests import (`../src/account.controller`) into a project, as a
 * user's app would have it: importing `@ils-auth/nestjs`.
 */
export async function writeAccountController(dir: string): Promise<void> {
  const controller = (await readFile(ACCOUNT_CONTROLLER, 'utf8')).replace(
    /from '\.\.\/patron(\.guard)?\.js'/g,
    "from '@ils-auth/nestjs'",
  );
  await mkdir(`${dir}/src`, { recursive: true });
  await writeFile(`${dir}/src/account.controller.ts`, controller);
}
