import { ConfigError } from '../config';

/** One field-level problem, as the API reports it in `details`. */
export interface ErrorDetail {
  field: string;
  problem: string;
}

/** An error the CLI reports as `error: <message>` (plus details) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A wrong invocation (bad option value, unreadable input): exit status 2, like commander's own usage errors. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** A 4xx/5xx answer from the API, carrying its `{ error, message, details }` body. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    details: ErrorDetail[] = [],
  ) {
    super(message, 1, details);
    this.name = 'ApiError';
  }
}

/**
 * An expected failure of the environment rather than a bug: a system error (EADDRINUSE, ECONNREFUSED), a
 * database or migration error, a bad configuration. Reported by its message alone, without a stack.
 */
export function isOperational(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error instanceof CliError || error instanceof ConfigError) return true;
  if (typeof (error as { code?: unknown }).code === 'string') return true;
  return /^(Migration|Prisma)/.test(error.name);
}

/** Renders an error the way every command reports it: `error: <message>` then `  <field>: <problem>` lines. */
export function formatError(error: unknown): string {
  if (error instanceof CliError) {
    const lines = [`error: ${error.message}`];
    for (const d of error.details) lines.push(`  ${d.field}: ${d.problem}`);
    return lines.join('\n') + '\n';
  }
  if (error instanceof ConfigError) return `error: invalid configuration: ${error.message}\n`;
  if (isOperational(error)) return `error: ${error.message}\n`;
  // Anything else is a bug: keep the stack for the report.
  if (error instanceof Error) return `error: ${error.stack ?? error.message}\n`;
  return `error: ${String(error)}\n`;
}
