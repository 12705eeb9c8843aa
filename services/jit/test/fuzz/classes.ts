// Generated class hierarchies in the usual Lua style (a class is its instances' metatable, with
// __index pointing at itself; a subclass's metatable has __index = its base), and loops calling
// methods on arrays of instances of several classes, so one call site sees several classes:
// overridden and inherited methods, calls of the base's method (Base.m(self)), methods defined or
// replaced on a class while the loop runs, fields shadowing methods, __tostring, __eq, __lt and
// __le between classes, __index functions as a fallback past the chain, and table.sort by a
// metamethod. Instances switch class (setmetatable) at a chosen iteration.
import { draws } from './draws.ts';
import { SHOW_EMIT } from './prelude.ts';

const BODIES = [
  'return self.v + ARG',
  'return self.v * 2 - ARG',
  'self.v = self.v + 1 return self.v',
  'return (self.name or "?") .. ARG',
  'return BASE.m(self, ARG) + 1',
  'return self:other(ARG) * 3',
  'if ARG % 2 == 0 then return self.v end return -self.v',
  'return tostring(self)',
  'return self.v // (ARG % 3 + 1)',
  'return self.v + 0.5',
];

export function classesProgram(seed: number): string {
  const { int, pick, chance } = draws(seed);
  const nClasses = int(2, 5);
  let s = SHOW_EMIT;
  s += 'local Root = { name = "root" }\nRoot.__index = Root\n';
  s += 'function Root.new(cls, v) return setmetatable({ v = v }, cls) end\n';
  s += 'function Root.m(self, a) return self.v + a end\n';
  s += 'function Root.other(self, a) return a end\n';
  s += 'Root.__tostring = function(self) return "obj:" .. tostring(self.v) end\n';
  s += 'Root.__eq = function(x, y) return x.v == y.v end\n';
  s += 'Root.__lt = function(x, y) return x.v < y.v end\n';
  s += 'Root.__le = function(x, y) return x.v <= y.v end\n';
  const names = ['Root'];
  for (let c = 1; c <= nClasses; c++) {
    const name = `C${c}`;
    const base = pick(names);
    s += `local ${name} = setmetatable({ name = "${name}" }, ${base})\n${name}.__index = ${name}\n`;
    // metamethods are not inherited through __index: a class copies the ones it keeps
    for (const mm of ['__tostring', '__eq', '__lt', '__le']) {
      if (chance(0.8)) s += `${name}.${mm} = ${base}.${mm}\n`;
    }
    if (chance(0.7)) {
      const body = pick(BODIES).replaceAll('BASE', base).replaceAll('ARG', 'a');
      s += `function ${name}.m(self, a) ${body} end\n`;
    }
    if (chance(0.4)) s += `function ${name}:other(a) return a + ${int(1, 9)} end\n`;
    if (chance(0.2)) s += `${name}.v = ${int(1, 5)}\n`;
    names.push(name);
  }
  if (chance(0.3)) {
    const c = pick(names.slice(1));
    s += `getmetatable(${c}).__index = function(t, k) if k == "m" then return Root.m end return nil end\n`;
  }

  const n = int(5, 120);
  const body: string[] = [];
  for (let m = int(2, 5); m > 0; m--) {
    body.push(
      pick([
        'acc = acc + (tonumber(o:m(i)) or 1)',
        'acc = acc + (tonumber(o.m(o, i % 5)) or 2)',
        'local x = o:other(i) acc = acc + x',
        `if o == objs[1 + i % #objs] then acc = acc + 1 end`,
        `if o < objs[1 + (i * 7) % #objs] then acc = acc + 2 end`,
        `if o <= objs[1 + (i * 3) % #objs] then acc = acc - 1 end`,
        `names[#names + 1] = tostring(o)`,
        `if i == ${int(1, n)} then ${pick(names.slice(1))}.m = function(self, a) return a * 10 end end`,
        `if i == ${int(1, n)} then setmetatable(o, ${pick(names)}) end`,
        `if i == ${int(1, n)} then o.m = function(self, a) return -a end end`,
        `if i == ${int(1, n)} then o.v = ${pick(['o.v + 0.5', '"7"', 'o.v * 2'])} end`,
        `acc = acc + #(o.name or "")`,
      ]),
    );
  }
  const classList = names.join(', ');
  s +=
    `local classes = { ${classList} }\nlocal objs = {}\n` +
    `for k = 1, ${int(3, 12)} do local cls = classes[1 + (k * ${int(1, 7)}) % #classes] objs[k] = cls:new(k * ${pick(['1', '2', '0.5', '-1'])}) end\n` +
    `local function run(n)\n  local acc, names = 0, {}\n  for i = 1, n do\n    local o = objs[1 + i % #objs]\n    ${body.join('\n    ')}\n  end\n` +
    `  return acc, #names, names[1], names[#names]\nend\n` +
    `for _, n in ipairs({ ${int(1, 6)}, ${n}, ${int(1, 3)} }) do emit("run", n, pcall(run, n)) end\n`;
  if (chance(0.6)) {
    s +=
      `local sorted_objs = {}\nfor k, o in ipairs(objs) do sorted_objs[k] = o end\n` +
      `emit("sort", pcall(table.sort, sorted_objs))\n` +
      `local vs = {}\nfor k, o in ipairs(sorted_objs) do vs[k] = tostring(o.v) end\nemit(table.concat(vs, ","))\n`;
  }
  return s + 'print(table.concat(out, "\\n"))\n';
}
