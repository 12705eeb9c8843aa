// Generated calls of the string and table libraries and of number conversions at their edges: ranges
// past the ends, negative and huge positions, bigint-sized indices, every string.format conversion
// with flags, width and precision, numeric strings where numbers go. Found string.sub taking a nil
// start, table.concat and table.unpack past 2^53, string.format's checks and %u/%p/%a, results that
// overflowed the stack after pcall.
import { draws } from './draws.ts';

const NUMS = [
  '0',
  '1',
  '-1',
  '2',
  '-2',
  '3',
  '5',
  '-5',
  '7',
  '100',
  '-100',
  '2.0',
  '-3.0',
  '1.5',
  '0.5',
  'math.maxinteger',
  'math.mininteger',
  '2^53',
  '1e100',
  '-0.0',
  '"3"',
  '"x"',
  'nil',
  '1/0',
];
const STRS = [
  '""',
  '"a"',
  '"hello"',
  '"Hello World"',
  '"a,b,,c"',
  '"\\0\\1\\255"',
  '"  pad  "',
  '"%d"',
  '"%"',
  '"ab%%cd"',
  '"\\n\\t"',
  'string.rep("xy", 5)',
  '"123"',
  '"12.5"',
  '" 0x1F "',
  '"1e3"',
];
const FORMATS = [
  '"%d"',
  '"%5d"',
  '"%-5d|"',
  '"%05d"',
  '"%+d"',
  '"%x"',
  '"%X"',
  '"%#x"',
  '"%o"',
  '"%c"',
  '"%s"',
  '"%10s|"',
  '"%-10s|"',
  '"%.2s"',
  '"%q"',
  '"%f"',
  '"%.0f"',
  '"%10.3f"',
  '"%e"',
  '"%.3e"',
  '"%g"',
  '"%.3g"',
  '"%10.4g|"',
  '"%a"',
  '"%%"',
  '"%i"',
  '"%u"',
  '"%5.1s|"',
  '"% d"',
  '"%.20f"',
  '"%#.0e"',
  '"%.1a"',
  '"%+u"',
  '"%#g"',
];

export function libraryProgram(seed: number): string {
  const { r, pick } = draws(seed);
  const num = (): string => pick(NUMS);
  const str = (): string => pick(STRS);
  const any = (): string => pick([...NUMS, ...STRS]);
  const exprs: (() => string)[] = [
    () => `string.rep(${str()}, ${num()}, ${str()})`,
    () => `string.rep(${str()}, ${num()})`,
    () => `string.sub(${str()}, ${num()}, ${num()})`,
    () => `string.byte(${str()}, ${num()}, ${num()})`,
    () => `string.char(${num()}, ${num()})`,
    () => `string.format(${pick(FORMATS)}, ${any()})`,
    () => `string.format(${pick(FORMATS)} .. ${pick(FORMATS)}, ${num()}, ${any()})`,
    () => `string.upper(${str()}) .. string.lower(${str()})`,
    () => `string.len(${any()})`,
    () => `#${str()}`,
    () => `string.reverse(${str()})`,
    () => `string.find(${str()}, ${str()}, ${num()}, true)`,
    () => `${str()} .. ${num()}`,
    () => `${num()} .. ${num()}`,
    () => `${str()} < ${str()}`,
    () => `${str()} == ${num()}`,
    () => `tostring(${num()})`,
    () => `tonumber(${str()})`,
    () => `tonumber(${str()}, ${pick(['2', '8', '10', '16', '36', '1', '37', '10.0', '"16"'])})`,
    () => `select(${num()}, "a", "b", "c")`,
    () => `select("#", ${num()}, nil, ${num()})`,
    () => `table.concat({ ${num()}, ${str()}, 3 }, ${str()}, ${num()}, ${num()})`,
    () => `table.concat({ 1, 2, 3, 4 }, ",", ${num()})`,
    () =>
      `(function() local t = { 1, 2, 3 }; table.insert(t, ${num()}, "x"); return table.concat(t, ",") end)()`,
    () =>
      `(function() local t = { 1, 2, 3 }; local v = table.remove(t, ${num()}); return tostring(v) .. ":" .. table.concat(t, ",") end)()`,
    () =>
      `(function() local t = {}; local v = table.remove(t, ${num()}); return tostring(v) .. ":" .. #t end)()`,
    () => `select("#", table.unpack({ 1, 2, 3 }, ${num()}, ${num()}))`,
    () =>
      `(function() local t = { 5, 2, 8, 1 }; table.sort(t, ${pick(['nil', 'function(a, b) return a > b end'])}); return table.concat(t, ",") end)()`,
    () => `math.tointeger(${any()})`,
    () => `${num()} // ${num()}`,
    () => `${num()} % ${num()}`,
    () => `${num()} < ${num()}`,
    () => `${num()} == ${num()}`,
    () => `${num()} <= ${num()}`,
  ];
  let s =
    'local out = {}\nlocal function show(ok, ...) local n = select("#", ...) local p = {} for i = 1, n do ' +
    'local x = select(i, ...) local t = math.type(x) or type(x) p[i] = t .. ":" .. tostring(x) end ' +
    'return (ok and "" or "E ") .. table.concat(p, " ") end\n';
  for (let k = 8 + Math.floor(r() * 10); k > 0; k--) {
    const e = pick(exprs)();
    const reps = pick([1, 2, 30]);
    s +=
      `for rep = 1, ${reps} do local x = show(pcall(function() return ${e} end)) ` +
      `if rep == ${reps} then out[#out + 1] = ${JSON.stringify(e)} .. " = " .. x end end\n`;
  }
  return s + 'print(table.concat(out, "\\n"))\n';
}
