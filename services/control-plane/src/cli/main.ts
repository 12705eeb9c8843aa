// The `lightswitch` command: `tsx src/cli/main.ts <command>` or bin/lightswitch.mjs.
import { run } from './program';

const exitCode = await run(process.argv.slice(2), {
  io: { stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s) },
  env: process.env,
});
process.exitCode = exitCode;
