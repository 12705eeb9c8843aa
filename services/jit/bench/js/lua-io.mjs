// What the hand-written ports share so their output is byte-identical to lua5.4's: the size argument as
// `tonumber(arg[1]) or default` reads it, printf's %.Nf rounding, and one buffered stdout.

/** `tonumber(arg and arg[1]) or def`: a missing or non-numeric argument gives the default. */
export function sizeArg(def) {
  const a = process.argv[2];
  const n = a === undefined || a.trim() === '' ? NaN : Number(a);
  return Number.isNaN(n) ? def : n;
}

/**
 * printf("%.{digits}f", x). toFixed agrees except on exact ties, which it rounds away from zero and glibc
 * rounds to even; toFixed(100) is the exact decimal value for every magnitude these programs print.
 */
export function fixed(x, digits) {
  const s = x.toFixed(digits);
  const exact = Math.abs(x).toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(tail)) return s;
  const kept = digits === 0 ? exact.slice(0, point) : exact.slice(0, point + 1 + digits);
  const last = Number(kept[kept.length - 1]);
  return last % 2 === 0 ? (x < 0 ? '-' : '') + kept : s;
}

const chunks = [];

/** io.write: numbers must already be formatted the way Lua would (integers print without ".0"). */
export function write(...parts) {
  for (const p of parts) chunks.push(String(p));
}

/** print: arguments separated by tabs, then a newline. */
export function print(...parts) {
  chunks.push(parts.map(String).join('\t') + '\n');
}

process.on('exit', () => {
  // One write at exit, like lua's full buffering of a redirected stdout.
  if (chunks.length) process.stdout.write(chunks.join(''));
});
