import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { applyDocument, formatApplyResult, itemPath, type ApplyResult } from './apply';
import { ApiClient, resolveConnection, type FetchLike } from './client';
import { parseInputs } from './documents';
import { ApiError, CliError, formatError, UsageError } from './errors';
import { renderTable, toJson, toYaml, type Io } from './format';
import { policies, TOKEN_ROLES, tokenColumns, workloads, type Item, type ResourceType } from './resources';
import { migrateDatabase, serve, type ServeContext } from './server-commands';
import { registerSimulate } from './simulate-command';

type Env = Record<string, string | undefined>;

/** Everything a command touches outside itself, so the whole CLI runs in-process under test. */
export interface CliContext {
  io: Io;
  env: Env;
  fetch?: FetchLike;
  now?: () => Date;
  readStdin?: () => Promise<string>;
  cwd?: string;
  waitForStop?: ServeContext['waitForStop'];
}

interface GlobalOptions {
  json?: boolean;
  url?: string;
  token?: string;
}

interface Page {
  items: Item[];
  nextCursor: string | null;
}

/** Parses `argv` (without node and script) and runs the command; resolves to the process exit status. */
export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const state = { exitCode: 0 };
  const program = buildProgram(ctx, state);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message or the help.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      return 2;
    }
    ctx.io.stderr(formatError(error));
    return error instanceof CliError ? error.exitCode : 1;
  }
}

export function buildProgram(ctx: CliContext, state: { exitCode: number } = { exitCode: 0 }): Command {
  const now = () => (ctx.now ? ctx.now() : new Date());
  const { io } = ctx;

  const program = new Command('lightswitch')
    .description('Carbon-aware control plane that switches workloads off and on.')
    .version(packageVersion(), '-V, --version')
    .option('--json', 'print raw JSON instead of tables and YAML')
    .option(
      '--url <url>',
      'API server (env LIGHTSWITCH_URL; default http://LIGHTSWITCH_HOST:LIGHTSWITCH_PORT)',
    )
    .option(
      '--token <token>',
      'bearer token (env LIGHTSWITCH_TOKEN, preferred: not visible in the process list; default <data dir>/admin-token)',
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();

  const globals = (cmd: Command) => cmd.optsWithGlobals<GlobalOptions>();
  const client = (cmd: Command) => {
    const g = globals(cmd);
    return new ApiClient(resolveConnection({ url: g.url, token: g.token }, ctx.env), {
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
    });
  };
  /** Reports a per-object failure and carries on with the next object; anything else aborts. */
  const reportOrThrow = (error: unknown, what: string) => {
    if (
      error instanceof ApiError &&
      error.status >= 400 &&
      error.status < 500 &&
      ![401, 403].includes(error.status)
    ) {
      io.stderr(
        formatError(new ApiError(error.status, error.code, `${what}: ${error.message}`, error.details)),
      );
      state.exitCode = 1;
      return;
    }
    throw error;
  };

  program
    .command('serve')
    .description('run the control plane: API, OpenAPI docs and metrics (configured by environment variables)')
    .action(async (_opts, cmd: Command) => {
      await serve({
        io,
        env: ctx.env,
        json: !!globals(cmd).json,
        ...(ctx.waitForStop ? { waitForStop: ctx.waitForStop } : {}),
      });
    });

  program
    .command('migrate')
    .description('apply pending database migrations (DATABASE_URL, or the embedded database in the data dir)')
    .action(async (_opts, cmd: Command) => {
      await migrateDatabase({ io, env: ctx.env, json: !!globals(cmd).json });
    });

  // --- tokens -----------------------------------------------------------------------------------
  const token = program.command('token').description('manage API tokens (admin role)');
  token
    .command('create')
    .description('create a token; it is printed once and cannot be shown again')
    .argument('<name>', 'unique token name, e.g. ci-deployer')
    .addOption(
      new Option('--role <role>', 'what the token may do').choices(TOKEN_ROLES).makeOptionMandatory(),
    )
    .option(
      '--expires <when>',
      'expiry: an ISO 8601 time, or a duration from now such as 90d, 12h, 30m, 2w',
      (v) => parseExpiry(v, now()),
    )
    .addHelpText(
      'after',
      '\nExample:\n  TOKEN=$(lightswitch token create ci --role operator --expires 90d)\n',
    )
    .action(async (name: string, opts: { role: string; expires?: string }, cmd: Command) => {
      const body = { name, role: opts.role, ...(opts.expires ? { expiresAt: opts.expires } : {}) };
      const created = await client(cmd).post<Item>('/tokens', body);
      if (globals(cmd).json) {
        io.stdout(toJson(created));
      } else {
        // The token alone on stdout, so $(lightswitch token create ...) captures exactly it.
        const expires =
          typeof created.expiresAt === 'string' ? `expires ${created.expiresAt}` : 'never expires';
        io.stderr(`token/${name} created (role ${String(created.role ?? opts.role)}, ${expires})\n`);
        io.stdout(`${String(created.token)}\n`);
      }
      io.stderr('warning: this token is shown only once and cannot be retrieved later; store it now\n');
    });
  token
    .command('list')
    .description('list tokens (never their secrets)')
    .action(async (_opts, cmd: Command) => {
      const { items } = await client(cmd).get<{ items: Item[] }>('/tokens');
      if (globals(cmd).json) io.stdout(toJson({ items }));
      else if (items.length === 0) io.stderr('No tokens found.\n');
      else io.stdout(renderTable(tokenColumns, items, now()));
    });
  token
    .command('revoke')
    .description('revoke tokens by name; they stop working at once')
    .argument('<name...>', 'token names')
    .action(async (names: string[], _opts, cmd: Command) => {
      const api = client(cmd);
      const done: string[] = [];
      for (const name of names) {
        try {
          await api.delete(`/tokens/${encodeURIComponent(name)}`);
          done.push(name);
          if (!globals(cmd).json) io.stdout(`token/${name} revoked\n`);
        } catch (error) {
          reportOrThrow(error, `token/${name}`);
        }
      }
      if (globals(cmd).json) io.stdout(toJson({ revoked: done }));
    });

  // --- workloads and policies --------------------------------------------------------------------
  for (const resource of [workloads, policies]) addResourceCommands(resource);

  function addResourceCommands(resource: ResourceType) {
    const { singular, plural } = resource;
    const group = program.command(singular).description(`manage ${plural}`);

    group
      .command('list')
      .description(`list ${plural} (all of them, page by page, unless --limit is given)`)
      .option('-l, --selector <selector>', 'label selector, e.g. "tier=batch,env!=prod" or "team in (a,b)"')
      .option('--limit <n>', 'fetch one page of at most n', positiveInt)
      .option('--cursor <cursor>', 'continue from the cursor a previous --limit page printed')
      .action(async (opts: { selector?: string; limit?: number; cursor?: string }, cmd: Command) => {
        const api = client(cmd);
        const items: Item[] = [];
        let cursor = opts.cursor ?? null;
        let nextCursor: string | null;
        const seen = new Set<string>();
        for (;;) {
          const params = new URLSearchParams();
          if (opts.selector) params.set('selector', opts.selector);
          if (opts.limit) params.set('limit', String(opts.limit));
          if (cursor) params.set('cursor', cursor);
          const query = params.size ? `?${params}` : '';
          const page = await api.get<Page>(`${resource.path}${query}`);
          items.push(...page.items);
          nextCursor = page.nextCursor ?? null;
          if (opts.limit || !nextCursor) break;
          if (seen.has(nextCursor)) {
            throw new CliError(`the server returned the same page cursor twice while listing ${plural}`);
          }
          seen.add(nextCursor);
          cursor = nextCursor;
        }
        if (globals(cmd).json) {
          io.stdout(toJson({ items, nextCursor: opts.limit ? nextCursor : null }));
          return;
        }
        if (items.length === 0) io.stderr(`No ${plural} found.\n`);
        else io.stdout(renderTable(resource.columns, items, now()));
        if (opts.limit && nextCursor)
          io.stderr(`more ${plural}: run again with --cursor ${nextCursor} (and the same --selector)\n`);
      });

    group
      .command('get')
      .description(`show one ${singular} as YAML (apply it back after editing)`)
      .argument('<name>', `${singular} name`)
      .action(async (name: string, _opts, cmd: Command) => {
        const item = await client(cmd).get<Item>(itemPath(resource, name));
        io.stdout(globals(cmd).json ? toJson(item) : toYaml(item));
      });

    group
      .command('apply')
      .description(`create or update ${plural} from YAML or JSON files`)
      .option(
        '-f, --filename <file>',
        'file to apply, or - for stdin; repeatable. YAML (several documents separated by ---, or a list) or JSON',
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option('--dry-run', 'show what would change without changing anything')
      .addHelpText(
        'after',
        `
Each document is a ${singular} exactly as the API takes it (${resource === workloads ? 'WorkloadSpec' : 'PolicySpec'}).
id, version, createdAt and updatedAt are ignored, so \`lightswitch ${singular} get\` output applies back.
Every document is parsed before anything is sent. Then, by name: a ${singular} that does not exist
is created; one where every field in the document already has that value is left unchanged;
any other is replaced, against the version just read (retried once on a conflict).

Example:
  lightswitch ${singular} apply -f ${plural}.yaml
  cat ${plural}.json | lightswitch ${singular} apply -f -
`,
      )
      .action(async (opts: { filename?: string[]; dryRun?: boolean }, cmd: Command) => {
        if (!opts.filename?.length) {
          throw new UsageError('pass the file to apply with -f <file> (or -f - for stdin)');
        }
        const inputs = await readInputs(opts.filename);
        const docs = parseInputs(inputs);
        const api = client(cmd);
        const json = globals(cmd).json;
        const results: ApplyResult[] = [];
        for (const doc of docs) {
          try {
            const result = await applyDocument(api, resource, doc, { dryRun: !!opts.dryRun });
            results.push(result);
            if (!json) io.stdout(formatApplyResult(resource, result, opts.dryRun));
          } catch (error) {
            reportOrThrow(error, `${singular}/${doc.name} (${doc.source}: ${doc.position})`);
          }
        }
        if (json) {
          io.stdout(
            toJson({
              items: results.map((r) => ({
                name: r.name,
                action: r.action,
                dryRun: !!opts.dryRun,
                object: r.object,
              })),
            }),
          );
        }
      });

    group
      .command('delete')
      .description(`delete ${plural} by name`)
      .argument('<name...>', `${singular} names`)
      .action(async (names: string[], _opts, cmd: Command) => {
        const api = client(cmd);
        const done: string[] = [];
        for (const name of names) {
          try {
            await api.delete(itemPath(resource, name));
            done.push(name);
            if (!globals(cmd).json) io.stdout(`${singular}/${name} deleted\n`);
          } catch (error) {
            reportOrThrow(error, `${singular}/${name}`);
          }
        }
        if (globals(cmd).json) io.stdout(toJson({ deleted: done }));
      });
  }

  registerSimulate(
    program,
    ctx,
    (file) => inputPath(file, ctx.env, ctx.cwd ?? process.cwd()),
    (cmd) => !!globals(cmd).json,
  );

  async function readInputs(files: string[]): Promise<{ source: string; text: string }[]> {
    if (files.filter((f) => f === '-').length > 1)
      throw new UsageError('-f - (stdin) can be given only once');
    const inputs: { source: string; text: string }[] = [];
    for (const file of files) {
      if (file === '-') {
        inputs.push({ source: '<stdin>', text: await (ctx.readStdin ?? readStdin)() });
        continue;
      }
      const path = inputPath(file, ctx.env, ctx.cwd ?? process.cwd());
      try {
        inputs.push({ source: file, text: await readFile(path, 'utf8') });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EISDIR'
              ? 'is a directory'
              : (error as Error).message;
        throw new CliError(`cannot read ${file}: ${why}`);
      }
    }
    return inputs;
  }

  return program;
}

/**
 * A relative -f path is relative to where the user typed the command. Under `npm run` that is INIT_CWD
 * (npm moves into the workspace), as for LIGHTSWITCH_DATA_DIR; otherwise the working directory.
 */
export function inputPath(file: string, env: Env, cwd: string): string {
  if (isAbsolute(file)) return file;
  if (env.INIT_CWD && env.INIT_CWD !== cwd) {
    const fromInit = resolve(env.INIT_CWD, file);
    if (existsSync(fromInit)) return fromInit;
  }
  return resolve(cwd, file);
}

/** `--expires`: an ISO 8601 time, or a duration from now (30m, 12h, 90d, 2w); returned as an ISO string. */
export function parseExpiry(value: string, now: Date): string {
  const duration = /^(\d+)\s*(m|h|d|w)$/.exec(value.trim());
  if (duration) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
      duration[2] as 'm' | 'h' | 'd' | 'w'
    ];
    const amount = Number(duration[1]);
    if (amount <= 0) throw new InvalidArgumentError('the duration must be more than zero.');
    return new Date(now.getTime() + amount * unit).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  throw new InvalidArgumentError(
    'expected an ISO 8601 time (2030-01-31T00:00:00Z) or a duration like 90d, 12h, 30m.',
  );
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('must be a whole number of at least 1.');
  }
  return n;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
