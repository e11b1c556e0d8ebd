/** The command line is wrong. Printed as `ils-auth: usage: …` with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
