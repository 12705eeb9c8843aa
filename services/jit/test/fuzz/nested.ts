// Generated nests of loops (numeric for, while, repeat, ipairs) two and three deep, whose bounds come
// from outer indices, leaving inner loops by break and goto, over tables read and written by keys
// that change type mid-loop (array-part integers, integers past the array, negative and float keys,
// strings), tables that grow and shrink at the end of their sequence, and accumulators that move
// from integers to floats and past 2^63. Traces nest (inner loop trees called from outer ones) and
// side exits leave from inner loops. `#` is only taken of sequences without holes.
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

const KEYS = [
  'i',
  'j',
  'i + j',
  'i * 2',
  '-i',
  'i + 0.0',
  'i / 2',
  '"k" .. i',
  'i % 3 == 0 and "s" or i',
  'n + i',
  '2^53',
];
const VALS = ['i', 'j', 'i * j', 'i + 0.5', 'acc', '"v" .. j', 'j % 2 == 0', 'seq[j]', 'nil'];
const ACC = [
  'acc = acc + i * j',
  'acc = acc + (seq[j] or 0)',
  'acc = acc * 3 + 1',
  'acc = acc + 0.25',
  'acc = acc // 2 + j',
  'acc = acc ~ (i << j % 8)',
  'acc = (acc + j) % 1000',
  'acc = acc + (m[i] or 1)',
];

export function nestedProgram(seed: number): string {
  const { r, int, pick } = draws(seed);

  const inner = (): string[] => {
    const lines: string[] = [];
    for (let m = int(1, 4); m > 0; m--) {
      switch (int(0, 8)) {
        case 0:
        case 1:
          lines.push(pick(ACC));
          break;
        case 2:
          lines.push(`m[${pick(KEYS)}] = ${pick(VALS)}`);
          break;
        case 3:
          lines.push(`local v = m[${pick(KEYS)}] if v ~= nil then acc = acc + (tonumber(v) or 1) end`);
          break;
        case 4:
          // the sequence grows and shrinks at its end only: no holes, so # is exact
          lines.push(
            pick(['if n < 200 then n = n + 1 seq[n] = j end', 'if n > 0 then seq[n] = nil n = n - 1 end']),
          );
          break;
        case 5:
          lines.push(
            `if ${pick(['j', 'i + j', 'acc % 7'])} == ${int(2, 30)} then ${pick(['break', 'goto next'])} end`,
          );
          break;
        case 6:
          lines.push(
            `if i == ${int(1, 20)} and j == ${int(1, 10)} then acc = ${pick(['acc + 0.5', '"7"', 'math.maxinteger', '-acc'])} end`,
          );
          break;
        case 7:
          lines.push(`seq[1 + (i + j) % math.max(n, 1)] = ${pick(['j', 'acc', 'i * 1.5'])}`);
          break;
        default:
          lines.push(`cnt[j % 4] = (cnt[j % 4] or 0) + 1`);
      }
    }
    return lines;
  };
  // An inner loop, its body indented by `pad`. The while loop's counter is declared in a block of its
  // own: a goto past a local's declaration to a label before `until` would not compile.
  const loop = (pad: string): string => {
    const [head, close] = pick([
      [`for j = 1, ${pick(['i', String(int(1, 12)), 'i % 5 + 1', 'n % 9'])} do`, 'end'],
      [`for j = ${pick(['i', '10'])}, 1, -${int(1, 3)} do`, 'end'],
      [`do local j = 0 while j < ${pick(['i', String(int(1, 9))])} do j = j + 1`, 'end end'],
      ['for j, x in ipairs(seq) do if j > 12 then break end', 'end'],
    ]);
    return `${head}\n${pad}  ${inner().join(`\n${pad}  `)}\n${pad}${close}`;
  };

  let s = SHOW_EMIT;
  for (let k = 1, nk = int(2, 4); k <= nk; k++) {
    const outer = int(5, 90);
    const body: string[] = [loop('    ')];
    if (r() < 0.4) body.push(loop('    '));
    // three deep
    if (r() < 0.3) body.push(`for q = 1, ${int(1, 4)} do\n      ${loop('      ')}\n    end`);
    const outerHead = pick([
      `for i = 1, ${outer} do`,
      `local i = 0 while i < ${outer} do i = i + 1`,
      `local i = 0 repeat i = i + 1`,
    ]);
    const close = outerHead.includes('repeat') ? `until i >= ${outer}` : 'end';
    s += `local function nest${k}(m, seq, n, acc)\n  local cnt = {}\n  ${outerHead}\n    ${body.join('\n    ')}\n    goto next\n    ::next::\n  ${close}\n`;
    s += `  return acc, n, sorted(cnt)\nend\n`;
    s +=
      `for rep = 1, ${int(1, 3)} do\n  local m, seq = {}, {}\n  for q = 1, ${int(0, 20)} do seq[q] = q * ${pick(['1', '2', '0.5'])} end\n` +
      `  local ok, acc, n, c = pcall(nest${k}, m, seq, #seq, ${pick(['0', '1', '0.5', 'math.maxinteger - 5'])})\n` +
      `  emit("nest${k}", rep, ok, acc, n, c, #seq, sorted(m))\nend\n`;
  }
  return s + 'print(table.concat(out, "\\n"))\n';
}
