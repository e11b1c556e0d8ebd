#!/usr/bin/env node
import { main } from './main.js';

// A reader that leaves early (`ils-auth info … | head`) is no failure of ours: what it did not read is
// dropped and the command ends as it would have, instead of Node printing an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// Only the exit code is set, so pending writes to stdout still flush before the process ends.
void main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdin: process.stdin,
}).then((code) => {
  process.exitCode = code;
});
