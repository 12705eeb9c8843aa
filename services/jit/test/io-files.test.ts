// io.open's files where they meet the host: files still open when a program ends (normally, through
// os.exit or an uncaught error) are written as lua.c's exit writes them, the HTTP service's files live
// in memory for one run, and a host with no files opens none. How files read, write and seek is
// differential (corpus/io_files.lua).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryFiles, nodeFiles, runSource, type RunOptions } from '../src/index.ts';

function run(
  source: string,
  opts: Partial<RunOptions> = {},
): { out: string; status: number; error?: string } {
  const out: string[] = [];
  const r = runSource(source, { chunkname: 'test.lua', write: (s) => out.push(s), ...opts });
  return { out: out.join(''), status: r.status, error: r.error };
}

test('files left open are written when the program ends: at its end, through os.exit, after an uncaught error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsjit-io-'));
  try {
    const endings = { end: '', exit: 'os.exit(3)', error: 'error("stop")' };
    for (const [how, ending] of Object.entries(endings)) {
      const r = run(
        `local f = io.open("${how}.txt", "w")
         f:write("written before the ", "${how}\\n")
         io.output("${how}-default.txt")
         io.write("through io.write")
         ${ending}`,
        { files: nodeFiles(dir) },
      );
      assert.equal(r.status, how === 'end' ? 0 : how === 'exit' ? 3 : 1, how);
      assert.equal(readFileSync(join(dir, `${how}.txt`), 'latin1'), `written before the ${how}\n`);
      assert.equal(readFileSync(join(dir, `${how}-default.txt`), 'latin1'), 'through io.write');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the HTTP service's files: read, written, renamed and removed within a run; the files given stay as they were", () => {
  const given = { 'data/in.txt': 'first\nsecond\n', 'notes.txt': 'kept' };
  const files = memoryFiles(given);
  const r = run(
    `for l in io.lines("./data/in.txt") do io.write("[", l, "]") end print()
     local f = assert(io.open("data/out.txt", "w")) f:write("made in the run") f:close()
     print(io.open("data/out.txt"):read("a"), io.open("data//out.txt"):read("a") ~= nil)
     print(io.open("missing/out.txt", "w"))
     print(io.open("data", "w"))
     print(io.open("data"):read("a"))
     local a = io.open("notes.txt", "a") a:write(" and appended") a:close()
     print(io.open("notes.txt"):read("a"))
     print(os.rename("data/out.txt", "moved.txt"), io.open("data/out.txt"), io.open("moved.txt"):read("a"))
     print(os.remove("moved.txt"), os.remove("moved.txt"))
     print(os.remove("data"))
     print(os.tmpname())`,
    { files },
  );
  assert.equal(r.error, 'test.lua:12: unable to generate a unique filename');
  assert.equal(
    r.out,
    [
      '[first][second]',
      'made in the run\ttrue',
      'nil\tmissing/out.txt: No such file or directory\t2',
      'nil\tdata: Is a directory\t21',
      'nil\tIs a directory\t21',
      'kept and appended',
      'true\tnil\tmade in the run',
      'true\tnil\tmoved.txt: No such file or directory\t2',
      'nil\tdata: Directory not empty\t39',
      '',
    ].join('\n'),
  );
  assert.deepEqual(given, { 'data/in.txt': 'first\nsecond\n', 'notes.txt': 'kept' });
  // the same files, opened again, hold what the run left
  assert.equal(files.open('notes.txt', 'r'), 'kept and appended');
});

test('a host that gives no files opens none: io.open, io.lines and os.remove fail as for a missing file, os.tmpname makes none', () => {
  const r = run(
    `print(io.open("x.txt", "w"))
     print(io.open("x.txt"))
     print(os.remove("x.txt"))
     print(pcall(io.lines, "x.txt"))
     print(pcall(os.tmpname))`,
  );
  assert.equal(
    r.out,
    [
      'nil\tx.txt: No such file or directory\t2',
      'nil\tx.txt: No such file or directory\t2',
      'nil\tx.txt: No such file or directory\t2',
      "false\tcannot open file 'x.txt' (No such file or directory)",
      'false\tunable to generate a unique filename',
      '',
    ].join('\n'),
  );
  assert.equal(existsSync('x.txt'), false);
});
