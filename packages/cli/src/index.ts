export { EXIT, type ExitCode, exitCodeForError, exitCodeForStatus } from './exit-codes.js';
export type { CliIo } from './io.js';
export { MAIN_HELP, main } from './main.js';
