// The HTTP service over real HTTP: outputs and error messages equal lua5.4's, bad bodies name their field, and a
// program that never ends or allocates without bound is stopped while the service goes on answering.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { BENCH_DIR } from '../src/service/benchmarks.ts';
import { buildApp, loadServiceConfig, PROGRAM_CHUNKNAME, type ServiceConfig } from '../src/service/index.ts';
import { LUA, requireLua } from './support.ts';

process.env.JIT_SERVICE_LOG_LEVEL = 'silent';

const config: ServiceConfig = {
  ...loadServiceConfig({}),
  port: 0,
  concurrency: 2,
  queueLimit: 4,
  memoryMb: 64,
  timeoutMs: 20_000,
};

let app: FastifyInstance;
let base: string;
const scratch = mkdtempSync(join(tmpdir(), 'jit-service-test-'));

before(async () => {
  app = await buildApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

after(async () => {
  await app.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function post(body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** lua5.4 on the same source saved as program.lua: stdout, the message after "lua5.4: ", exit status. */
function lua(
  source: string,
  args: string[] = [],
): { stdout: string; error?: string; traceback?: string; status: number } {
  requireLua();
  writeFileSync(join(scratch, PROGRAM_CHUNKNAME), source);
  const r = spawnSync(LUA, [PROGRAM_CHUNKNAME, ...args], { cwd: scratch, encoding: 'utf8', argv0: 'lua5.4' });
  const first = r.stderr.split('\n')[0] ?? '';
  const tb = r.stderr.indexOf('\nstack traceback:\n');
  return {
    stdout: r.stdout,
    status: r.status ?? -1,
    ...(r.status !== 0 ? { error: first.replace(/^lua5\.4: /, '') } : {}),
    ...(tb >= 0 ? { traceback: r.stderr.slice(tb + 1).trimEnd() } : {}),
  };
}

test('a program prints what lua5.4 prints, with time and JIT stats', async () => {
  const source = [
    'local t = {}',
    'for i = 1, 2000 do t[#t + 1] = i * i end',
    'local s = 0',
    'for _, v in ipairs(t) do s = s + v end',
    'print(s, #t, 10 / 4, 7 // 2, math.maxinteger, arg[1], select("#", ...))',
    'io.write(string.format("%5.2f|%x\\n", math.pi, 255))',
  ].join('\n');
  const want = lua(source, ['hello', 'world']);
  const { status, json } = await post({ program: source, args: ['hello', 'world'] });
  assert.equal(status, 200);
  assert.equal(json.status, 0);
  assert.equal(json.output, want.stdout);
  assert.equal(json.error, undefined);
  assert.equal(typeof json.timeMs, 'number');
  for (const k of ['tracesRecorded', 'tracesCompiled', 'tracesAborted', 'blacklisted', 'sideExits'])
    assert.equal(typeof json.stats[k], 'number', `stats.${k}`);
});

test('jit off and a hot-loop threshold give the same output', async () => {
  const source = 'local x = 0 for i = 1, 100000 do x = x + i % 7 end print(x)';
  const want = lua(source).stdout;
  for (const body of [{ jit: false }, { jit: true, hotLoopThreshold: 1 }]) {
    const { status, json } = await post({ program: source, ...body });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(json.output, want, JSON.stringify(body));
  }
});

test("the program's JIT hints are used unless hints is false", async () => {
  const source = [
    'local mode = "sum" --@promote',
    '--@pure',
    'local function scale(k) return k * 3 end',
    'local s = 0',
    'for i = 1, 5000 do if mode == "sum" then s = s + i * scale(2) end end',
    'print(s)',
  ].join('\n');
  const want = lua(source).stdout;
  const hinted = await post({ program: source });
  const plain = await post({ program: source, hints: false });
  assert.equal(hinted.json.output, want);
  assert.equal(plain.json.output, want);
  assert.ok(hinted.json.stats.hintsApplied >= 2, JSON.stringify(hinted.json.stats));
  assert.equal(plain.json.stats.hintsApplied, 0);
});

test('a named benchmark at a small size prints what lua5.4 prints', async () => {
  requireLua();
  for (const [name, size] of [
    ['fib', '20'],
    ['n-body', '1000'],
  ] as const) {
    const want = spawnSync(LUA, [`${name}.lua`, size], { cwd: BENCH_DIR, encoding: 'utf8' }).stdout;
    const { status, json } = await post({ benchmark: name, args: [size] });
    assert.equal(status, 200, name);
    assert.equal(json.status, 0, name);
    assert.equal(json.output, want, name);
  }
});

test('an uncaught Lua error gives status 1 and the message lua5.4 prints', async () => {
  const source = 'print("before")\nlocal t = nil\nprint(t.x)\n';
  const want = lua(source);
  const { status, json } = await post({ program: source });
  assert.equal(status, 200);
  assert.equal(json.status, 1);
  assert.equal(json.output, want.stdout);
  assert.equal(json.error, want.error);
  assert.match(json.error, /^program\.lua:3: attempt to index a nil value \(local 't'\)$/);
  assert.equal(json.traceback, want.traceback);
  assert.match(json.traceback, /^stack traceback:\n\tprogram\.lua:3: in main chunk\n\t\[C\]: in \?$/);
});

test('error() with a value and a syntax error read as in lua5.4, with its traceback or none', async () => {
  for (const source of [
    'error("boom")',
    'error({})',
    'local x = = 1',
    'for i = 1 do end',
    'x = "unfinished',
  ]) {
    const want = lua(source);
    const { status, json } = await post({ program: source });
    assert.equal(status, 200, source);
    assert.equal(json.status, 1, source);
    assert.equal(json.error, want.error, source);
    // a runtime error's traceback, none for a syntax error
    assert.equal(json.traceback, want.traceback, source);
  }
});

test('files given with a program are what require, loadfile and dofile read: as lua5.4 reads them from its directory', async () => {
  const files: Record<string, string> = {
    'util.lua':
      'local M = {}\nfunction M.twice(x) return 2 * x end\nfunction M.fail() error("util failed") end\nreturn M\n',
    'lib/shapes/init.lua': 'return { name = ..., file = select(2, ...) }\n',
    'data/config.lua': 'return { size = 3, label = "é" }\n',
  };
  const source = [
    'local util = require("util")',
    'local shapes = require("lib.shapes")',
    'print(util.twice(21), shapes.name, shapes.file, require("util") == util)',
    'print(dofile("data/config.lua").label, loadfile("./data/config.lua")().size)',
    'print(loadfile("data"))',
    'print(loadfile("missing.lua"))',
    'print(select(2, pcall(require, "lib.absent")))',
    'util.fail()',
  ].join('\n');
  for (const [name, text] of Object.entries(files)) {
    const path = join(scratch, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const want = lua(source);
  assert.match(want.stdout, /^42\tlib\.shapes\t\.\/lib\/shapes\/init\.lua\ttrue\n/, 'lua5.4 read the files');
  const { status, json } = await post({ program: source, files });
  assert.equal(status, 200);
  assert.equal(json.output, want.stdout);
  assert.equal(json.error, want.error);
  assert.match(json.error, /^\.\/util\.lua:3: util failed$/);
  assert.equal(json.traceback, want.traceback);
  assert.match(json.traceback, /in function 'util\.fail'/);
  // without files, the program finds no module
  const none = await post({ program: source });
  assert.match(none.json.error, /^program\.lua:1: module 'util' not found:/);
  // a run may write files of its own, which end with it
  const writer =
    'local f = io.open("made.lua", "w") f:write("return 6 * 7") f:close() print(dofile("made.lua"))';
  const made = await post({ program: writer, files: {} });
  assert.equal(made.json.output, '42\n');
  const again = await post({ program: 'print(io.open("made.lua"))', files: {} });
  assert.equal(again.json.output, 'nil\tmade.lua: No such file or directory\t2\n');
});

test('bad bodies are refused with 400 naming the field', async () => {
  const cases: [unknown, string][] = [
    [{ program: 'print(1)', benchmark: 'fib' }, 'program'],
    [{}, 'program'],
    [{ args: ['1'] }, 'program'],
    [{ program: 42 }, 'program'],
    [{ benchmark: ['fib'] }, 'benchmark'],
    [{ program: 'print(1)', args: 'x' }, 'args'],
    [{ program: 'print(1)', args: ['a', 2] }, 'args[1]'],
    [{ program: 'print(1)', jit: 'yes' }, 'jit'],
    [{ program: 'print(1)', hints: 1 }, 'hints'],
    [{ program: 'print(1)', hotLoopThreshold: 0 }, 'hotLoopThreshold'],
    [{ program: 'print(1)', hotLoopThreshold: 1.5 }, 'hotLoopThreshold'],
    [{ program: 'print(1)', timeoutMs: '100' }, 'timeoutMs'],
    [{ program: 'print(1)', timeoutMs: config.maxTimeoutMs + 1 }, 'timeoutMs'],
    [{ program: 'print(1)', sauce: true }, 'sauce'],
    [{ program: 'print(1)', files: ['m.lua'] }, 'files'],
    [{ program: 'print(1)', files: { 'm.lua': 1 } }, 'files.m.lua'],
    [{ program: 'print(1)', files: { '/etc/passwd': 'x' } }, 'files["/etc/passwd"]'],
    [{ program: 'print(1)', files: { 'lib/../../m.lua': '' } }, 'files["lib/../../m.lua"]'],
    [{ program: 'print(1)', files: { './': '' } }, 'files["./"]'],
    [[1, 2], 'body'],
  ];
  for (const [body, field] of cases) {
    const { status, json } = await post(body);
    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(json.error, 'BadRequest', JSON.stringify(body));
    assert.ok(
      json.details.some((d: { field: string }) => d.field === field),
      `${JSON.stringify(body)}: ${JSON.stringify(json.details)} should name ${field}`,
    );
    assert.ok(json.message.includes(field), `${JSON.stringify(body)}: message ${json.message}`);
  }
  const broken = await post('{"program": ');
  assert.equal(broken.status, 400);
  assert.equal(broken.json.error, 'BadRequest');
});

test('an unknown benchmark is 404 naming it', async () => {
  const { status, json } = await post({ benchmark: 'quicksort' });
  assert.equal(status, 404);
  assert.equal(json.error, 'NotFound');
  assert.match(json.message, /unknown benchmark "quicksort"/);
  assert.equal(json.details[0].field, 'benchmark');
});

test('an endless loop is stopped at its time limit and the service answers the next request', async () => {
  const t0 = performance.now();
  const { status, json } = await post({ program: 'local i = 0 while true do i = i + 1 end', timeoutMs: 300 });
  assert.equal(status, 422);
  assert.equal(json.error, 'Timeout');
  assert.match(json.message, /longer than 300 ms/);
  assert.ok(performance.now() - t0 < 10_000);
  const next = await post({ program: 'print("still here")' });
  assert.equal(next.status, 200);
  assert.equal(next.json.output, 'still here\n');
});

test('a program that allocates without bound hits the heap cap, not the service', async () => {
  const { status, json } = await post({
    program: 'local t, i = {}, 0 while true do i = i + 1 t[i] = { i, tostring(i) } end',
  });
  assert.equal(status, 422);
  assert.equal(json.error, 'MemoryLimit');
  const next = await post({ program: 'print(1 + 1)' });
  assert.equal(next.json.output, '2\n');
});

test('runs beyond the workers and the queue are refused with 503', async () => {
  const small = await buildApp({ ...config, concurrency: 1, queueLimit: 0 });
  try {
    const spin = small.inject({
      method: 'POST',
      url: '/run',
      payload: { program: 'while true do end', timeoutMs: 1500 },
    });
    // Give the first run time to take the only worker.
    await new Promise((r) => setTimeout(r, 200));
    const busy = await small.inject({ method: 'POST', url: '/run', payload: { program: 'print(1)' } });
    assert.equal(busy.statusCode, 503);
    assert.equal(busy.json().error, 'Busy');
    assert.equal(busy.headers['retry-after'], '1');
    assert.equal((await spin).statusCode, 422);
  } finally {
    await small.close();
  }
});

test('a run that writes past the output limit is stopped, even under pcall', async () => {
  const small = await buildApp({ ...config, maxOutputBytes: 1000 });
  try {
    for (const program of [
      'while true do io.write("0123456789") end',
      'while true do pcall(io.write, "0123456789") end',
    ]) {
      const res = await small.inject({
        method: 'POST',
        url: '/run',
        payload: { program, timeoutMs: 10_000 },
      });
      assert.equal(res.statusCode, 422, program);
      assert.equal(res.json().error, 'OutputLimit', program);
      assert.equal(res.json().output, '0123456789'.repeat(100), program);
    }
    const next = await small.inject({ method: 'POST', url: '/run', payload: { program: 'print("ok")' } });
    assert.equal(next.json().output, 'ok\n');
  } finally {
    await small.close();
  }
});

test('GET /benchmarks lists every program with its default size', async () => {
  const res = await fetch(`${base}/benchmarks`);
  const list = (await res.json()) as any[];
  const names = list.map((b) => b.name).sort();
  assert.deepEqual(names, [
    'add64',
    'binary-trees',
    'fannkuch-redux',
    'fib',
    'mandelbrot',
    'n-body',
    'spectral-norm',
    'string-heavy',
    'table-heavy',
  ]);
  assert.equal(list.find((b) => b.name === 'fib').defaultSize, 37);
});

test('GET /healthz and /metrics with the run, trace and side-exit counters', async () => {
  assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
  const text = await (await fetch(`${base}/metrics`)).text();
  assert.match(text, /^jit_service_runs_total\{benchmark="program",status="ok"\} \d+$/m);
  assert.match(text, /^jit_service_runs_total\{benchmark="program",status="lua_error"\} \d+$/m);
  assert.match(text, /^jit_service_runs_total\{benchmark="program",status="timeout"\} 1$/m);
  assert.match(text, /^jit_service_runs_total\{benchmark="fib",status="ok"\} 1$/m);
  assert.match(text, /^jit_service_run_duration_seconds_count\{benchmark="fib",jit="on"\} 1$/m);
  assert.match(text, /^jit_service_side_exits_total \d+$/m);
  assert.match(text, /^jit_service_traces_total\{event="compiled"\} \d+$/m);
});
