declare const __ILS_AUTH_CLI_VERSION__: string;

/** This package's version, written in at build time from its package.json (`define` of tsup and vitest). */
export const CLI_VERSION: string = __ILS_AUTH_CLI_VERSION__;
