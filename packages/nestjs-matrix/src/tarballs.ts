import { fileURLToPath } from 'node:url';
import { packAll } from '@ils-auth/test-support';

/** The packages the matrix installs from tarballs, as npm would publish them (built first by turbo). */
const PACKED = ['core', 'nestjs'] as const;

/** Packs each package into `destination` with the pinned pnpm (workspace ranges become versions). */
export async function packTarballs(destination: string): Promise<Record<(typeof PACKED)[number], string>> {
  const packed = await packAll(
    PACKED.map((name) => ({
      dir: fileURLToPath(new URL(`../../${name}/`, import.meta.url)),
      manifest: { name: `@ils-auth/${name}` },
    })),
    destination,
  );
  const tarballs = {} as Record<(typeof PACKED)[number], string>;
  for (const [index, name] of PACKED.entries()) tarballs[name] = packed[index]!.tarball;
  return tarballs;
}
