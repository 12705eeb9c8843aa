// Generated Lua patterns against generated subjects: single-character classes (%a %d %s %w %p %x
// %u %l %c %g and their negations, `.`, escapes), sets with ranges, classes and `^`, the quantifiers
// * + - ?, captures and position captures, back-references, %b, %f, anchors, and now and then a
// malformed pattern; each through find (with init), match, gmatch and gsub (string, table and
// function replacements, a maximum count), every call in a pcall so that errors compare too.
import { draws, type Draws } from './draws.ts';

const ALPHABET = [
  'a',
  'b',
  'c',
  'A',
  'Z',
  '0',
  '7',
  '9',
  ' ',
  '\\t',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
  '%',
  '-',
  '_',
  '\\0',
  '\\255',
  'x',
];
const CLASSES = [
  '%a',
  '%d',
  '%s',
  '%w',
  '%p',
  '%x',
  '%u',
  '%l',
  '%c',
  '%g',
  '%z',
  '%A',
  '%D',
  '%S',
  '%W',
  '.',
];
const ESCAPES = ['%.', '%%', '%(', '%)', '%[', '%]', '%-', '%+', '%*', '%?', '%^', '%$'];
const LITERALS = ['a', 'b', 'c', 'x', '0', '7', ' ', ',', '_', 'Z'];
const BROKEN = ['%', '[a', '(a', 'a)', '%b', '%ba', '%f', '%fa', '%1', '(a)%2', '[%', '(()', '%g)'];

function subject(d: Draws): string {
  let s = '';
  const n = d.int(0, 16);
  for (let i = 0; i < n; i++) s += d.pick(ALPHABET);
  return `"${s.replaceAll('"', '\\"')}"`;
}

function set(d: Draws): string {
  let s = d.chance(0.3) ? '[^' : '[';
  const n = d.int(1, 3);
  for (let i = 0; i < n; i++) {
    const k = d.int(0, 3);
    if (k === 0) s += d.pick(CLASSES.filter((c) => c !== '.'));
    else if (k === 1) s += d.pick(['a-c', '0-9', 'A-Z', 'x-z', '%a-z']);
    else if (k === 2) s += d.pick(['%]', '%-', '.', '(', ')', ']']).replace(/^\]$/, '%]');
    else s += d.pick(LITERALS);
  }
  return s + ']';
}

function single(d: Draws): string {
  const k = d.int(0, 11);
  if (k <= 3) return d.pick(LITERALS);
  if (k <= 8) return d.pick(CLASSES);
  if (k <= 10) return set(d);
  return d.pick(ESCAPES);
}

function item(d: Draws, depth: number, captures: { open: number; closed: number }): string {
  const k = d.int(0, 19);
  if (k <= 9) return single(d) + (d.chance(0.6) ? d.pick(['*', '+', '-', '?']) : '');
  if (k <= 12 && depth < 2) {
    if (captures.open + captures.closed >= 4) return single(d);
    captures.open++;
    const body = items(d, depth + 1, captures, d.int(1, 3));
    captures.open--;
    captures.closed++;
    return `(${body})`;
  }
  if (k === 13) return '()';
  if (k === 14 && captures.closed > 0) return `%${d.int(1, captures.closed)}`;
  if (k === 15) return d.pick(['%b()', '%b[]', '%bab', '%b""']);
  if (k === 16) return `%f${set(d)}`;
  return single(d);
}

function items(d: Draws, depth: number, captures: { open: number; closed: number }, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += item(d, depth, captures);
  return s;
}

function pattern(d: Draws): string {
  if (d.chance(0.06)) return d.pick(BROKEN);
  const captures = { open: 0, closed: 0 };
  let p = items(d, 0, captures, d.int(1, 3));
  if (d.chance(0.2)) p = '^' + p;
  if (d.chance(0.15)) p += '$';
  return p;
}

/** A Lua string literal for a pattern (quotes and backslashes escaped). */
const lit = (p: string): string => `"${p.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

export function patternsProgram(seed: number): string {
  const d = draws(seed);
  const lines = [
    'local function show(...)',
    '  local t = table.pack(...)',
    '  for i = 1, t.n do t[i] = type(t[i]) == "string" and string.format("%q", t[i]) or tostring(t[i]) end',
    '  return table.concat(t, " ", 1, t.n)',
    'end',
    'local function try(name, f, ...) print(name, show(pcall(f, ...))) end',
    'local repl = { a = "<A>", ["7"] = 7, x = false, [1] = "one" }',
    'local function fn(a, b) if a == "" then return nil end return b and (a .. "|" .. tostring(b)) or #a end',
  ];
  for (let i = 0; i < 12; i++) {
    const s = subject(d);
    const p = lit(pattern(d));
    const init = d.pick(['', ', 1', ', 2', ', -3', ', 0', ', 20']);
    lines.push(`try("find", string.find, ${s}, ${p}${init})`);
    lines.push(`try("match", string.match, ${s}, ${p}${init})`);
    lines.push(
      `try("gmatch", function(s, p) local out = {} for a, b in string.gmatch(s, p) do out[#out + 1] = tostring(a) .. "/" .. tostring(b) if #out > 30 then break end end return table.concat(out, ",") end, ${s}, ${p})`,
    );
    const r = d.pick(['"<%0>"', '"%1-%1"', '"%%"', '"x"', '7', 'repl', 'fn', '"%2"', '"%z"', '{}']);
    const max = d.pick(['', '', ', 1', ', 2', ', 0']);
    lines.push(`try("gsub", string.gsub, ${s}, ${p}, ${r}${max})`);
  }
  return lines.join('\n') + '\n';
}
