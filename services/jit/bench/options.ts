// Command-line checks shared by the bench scripts: a bad option is named on stderr and the script
// exits with status 2, before anything runs.

/** Names the problem as `command: message` on stderr and exits with status 2. */
export function exitWithError(command: string, message: string): never {
  process.stderr.write(`${command}: ${message}\n`);
  process.exit(2);
}

/** The value of option --name, which must be a positive integer. */
export function positiveInt(command: string, name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    exitWithError(command, `--${name} must be a positive integer, got "${text}"`);
  return n;
}
