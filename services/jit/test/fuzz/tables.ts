// Generated loops that build, reshape and read tables: objects made by constructors and by field
// stores in different orders, whose fields are removed, re-added and multiplied past the point where a
// table's keys stop fitting a shape; sequences edited by table.insert/remove at any position, appends,
// swaps by multiple assignment and shrinking; integer keys filled out of order, so that they move
// between hash and array parts, with float, negative, zero and huge keys beside them; rows of a matrix
// made on first use; tables and booleans as keys. Values switch subtype (integer, float, string,
// boolean) at a chosen iteration. `#` is only taken of sequences without holes. Globals stored by
// rawset(_G, ...) beside reads of them.
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

const VALS = ['i', 'i + 0.5', '"s" .. i', 'i % 2 == 0', '-i', 'i * 1.0', 'i // 3', '2^53 - i'];
const FIELDS = ['x', 'y', 'z', 'w', 'name', 'next'];

export function tablesProgram(seed: number): string {
  const { int, pick, chance } = draws(seed);
  const val = (): string => pick(VALS);
  // a value that switches subtype at a chosen iteration: side exits from traces made before it
  const switching = (): string => `(i < ${int(1, 60)} and ${val()} or ${val()})`;
  const field = (): string => pick(FIELDS);
  const scenes: string[] = [];

  // Objects: constructors with the same keys in other orders, stores that add fields one by one, fields
  // removed and put back, and keys made in the loop (enough of them leave any shape behind).
  const objects = (k: number): string => {
    const ctor = pick([
      `{ x = i, y = ${val()} }`,
      `{ y = ${val()}, x = i }`,
      `{ x = i, y = ${val()}, z = ${val()}, name = "o" .. i }`,
      '{}',
      `{ i, x = i }`,
    ]);
    const body: string[] = [`local o = ${ctor}`];
    for (let m = int(1, 5); m > 0; m--) {
      body.push(
        pick([
          `o.${field()} = ${switching()}`,
          `o.${field()} = nil`,
          `o["f" .. (i % ${int(1, 40)})] = ${val()}`,
          `if i % ${int(2, 5)} == 0 then o.${field()} = nil o.${field()} = ${val()} end`,
          `o[${pick(['1', '2', 'i % 3 + 1'])}] = ${val()}`,
          `o.next = objs[i - 1]`,
        ]),
      );
    }
    body.push('objs[i] = o');
    const read = pick([
      `local v = o.${field()} if type(v) == "number" then sum = sum + v elseif v ~= nil then sum = sum + 1 end`,
      `if o.next ~= nil and o.next.x ~= nil then sum = sum + 1 end`,
      `local v = rawget(o, "${field()}") if v == nil then sum = sum + 2 end`,
      `for _, f in ipairs(names) do if o[f] ~= nil then sum = sum + 1 end end`,
    ]);
    return (
      `local function scene${k}(n)\n  local objs, sum = {}, 0\n  local names = { "x", "y", "z", "w", "name" }\n` +
      `  for i = 1, n do\n    ${body.join('\n    ')}\n  end\n` +
      `  for i = 1, n do\n    local o = objs[i]\n    ${read}\n  end\n` +
      `  local picks = {}\n  for _, i in ipairs({ 1, 2, n // 2, n }) do if objs[i] then picks[#picks + 1] = sorted(objs[i]) end end\n` +
      `  return sum, table.concat(picks, ";")\nend\n`
    );
  };

  // Sequences: every edit keeps 1..#t filled, so # is exact in both implementations.
  const sequences = (k: number): string => {
    const body: string[] = [];
    for (let m = int(2, 6); m > 0; m--) {
      body.push(
        pick([
          `table.insert(t, ${switching()})`,
          `table.insert(t, 1 + i % (#t + 1), ${val()})`,
          `if #t > 0 then table.remove(t) end`,
          `if #t > 0 then sum = sum + (tonumber(table.remove(t, 1 + i % #t)) or 1) end`,
          `t[#t + 1] = ${val()}`,
          `if #t > 1 then local a, b = 1 + i % #t, #t t[a], t[b] = t[b], t[a] end`,
          `if #t > ${int(3, 30)} then t[#t] = nil t[#t] = nil end`,
          `local ok, e = pcall(table.insert, t, #t + ${int(2, 3)}, i) if not ok then errs = errs + 1 end`,
          `if #t > 2 then local a = t[1] for j = 1, #t - 1 do t[j] = t[j + 1] end t[#t] = a end`,
          `sum = sum + select("#", table.unpack(t, 1, math.min(#t, ${int(1, 8)})))`,
        ]),
      );
    }
    return (
      `local function scene${k}(n)\n  local t, sum, errs = {}, 0, 0\n` +
      `  for i = 1, n do\n    ${body.join('\n    ')}\n  end\n` +
      `  local shown = {}\n  for j = 1, #t do shown[j] = show(t[j]) end\n` +
      `  return #t, sum, errs, table.concat(shown, ",")\nend\n`
    );
  };

  // Integer keys out of order (filled down, by strides, then the gaps): the array part grows from the
  // hash; float, negative, zero and huge keys beside them. No # here: these tables have holes.
  const keys = (k: number): string => {
    const key = (): string =>
      pick([
        'n - i + 1',
        'i * 2',
        'i * 2 - 1',
        'i + 0.0',
        '-i',
        '0',
        '2^40 + i',
        'i / 2',
        '"k" .. i % 5',
        'i % 7',
        'math.mininteger + i',
      ]);
    const body: string[] = [];
    for (let m = int(2, 5); m > 0; m--) {
      body.push(
        pick([
          `t[${key()}] = ${switching()}`,
          `t[${key()}] = nil`,
          `local v = t[${key()}] if v ~= nil then hits = hits + 1 end`,
          `t[${key()}] = t[${key()}]`,
          `rawset(t, ${key()}, ${val()})`,
          // a global stored by a library call: its reads in the loop must see each store
          `rawset(_G, "g${k}", ${switching()})`,
          `local v = g${k} if type(v) == "number" then hits = hits + v elseif v ~= nil then hits = hits + 1 end`,
        ]),
      );
    }
    return (
      `local function scene${k}(n)\n  local t, hits = {}, 0\n  g${k} = 0\n` +
      `  for i = 1, n do\n    ${body.join('\n    ')}\n  end\n` +
      `  local run = 0\n  for _ in ipairs(t) do run = run + 1 end\n` +
      `  local c = 0\n  for _ in pairs(t) do c = c + 1 end\n` +
      `  return hits, run, c, c < 60 and sorted(t) or "many"\nend\n`
    );
  };

  // Rows made on first use, read back transposed; tables and booleans as keys of a set.
  const matrix = (k: number): string => {
    const w = int(1, 9);
    const cell = pick(['i * j', 'i + j * 0.5', '(i + j) % 3 == 0 and "z" or i - j', 'j']);
    return (
      `local function scene${k}(n)\n  local m, set, sum = {}, {}, 0\n  local keys = { {}, {}, true, false, "x" }\n` +
      `  for i = 1, n do\n    for j = 1, ${w} do\n      m[j] = m[j] or {}\n      m[j][i] = ${cell}\n    end\n` +
      `    local key = keys[1 + i % #keys]\n    set[key] = (set[key] or 0) + 1\n  end\n` +
      `  for i = 1, n do\n    local row = {}\n    for j = 1, ${w} do row[j] = m[j][i] end\n` +
      `    local v = row[1 + i % ${w}] if type(v) == "number" then sum = sum + v end\n  end\n` +
      `  local counts = {}\n  for j = 1, #keys do counts[j] = set[keys[j]] or 0 end\n` +
      `  return sum, #m, #m[1], table.concat(counts, ",")\nend\n`
    );
  };

  const makers = [objects, sequences, keys, matrix];
  const n = int(2, 5);
  for (let k = 1; k <= n; k++) scenes.push(pick(makers)(k));
  // Strings whole: the scenes' are made by sorted and show, which mask addresses; emit would shorten them.
  let s =
    SHOW_EMIT +
    'local function emitAll(...)\n  local r = table.pack(...)\n' +
    '  for j = 1, r.n do local v = r[j] out[#out + 1] = type(v) == "string" and v or show(v) end\nend\n' +
    scenes.join('');
  for (let k = 1; k <= n; k++) {
    const sizes = [int(1, 8), int(20, 120)];
    if (chance(0.5)) sizes.push(int(1, 3));
    s += `for _, n in ipairs({ ${sizes.join(', ')} }) do emitAll("scene${k}", n, pcall(scene${k}, n)) end\n`;
  }
  return s + 'print(table.concat(out, "\\n"))\n';
}
