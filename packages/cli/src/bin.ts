#!/usr/bin/env node
import { main } from './main.js';

// Only the exit code is set, so pending writes to stdout still flush before the process ends.
void main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
