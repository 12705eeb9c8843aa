// wasmoon (Lua 5.4 compiled to WebAssembly) as `lua file.lua args...`: a fresh process per run. Its stdout
// goes through Emscripten's line-buffered console.log; every benchmark ends its output with a newline.
import { readFileSync } from 'node:fs';
import { LuaFactory } from 'wasmoon';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: wasmoon.mjs <file.lua> [args...]\n');
  process.exit(2);
}
// Lua long strings take any bytes but their closing bracket, so the arguments need no escaping.
const quote = (s) => {
  let eq = '';
  while (s.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${s}]${eq}]`;
};
const lua = await new LuaFactory().createEngine({ injectObjects: false, enableProxy: false });
try {
  await lua.doString(`arg = { [0] = ${[file, ...args].map(quote).join(', ')} }`);
  // Loaded under its own name so messages read "file.lua:3: ..." as lua5.4 prints them.
  lua.global.set('__source', readFileSync(file, 'latin1'));
  await lua.doString(`assert(load(__source, "@" .. ${quote(file)}))()`);
} catch (err) {
  process.stderr.write(`wasmoon: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  lua.global.close();
}
