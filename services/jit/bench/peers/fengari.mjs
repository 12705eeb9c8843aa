// fengari (Lua 5.3 in JavaScript) as `lua file.lua args...`: a fresh process per run, the script's stdout
// unchanged, an uncaught error as lua.c reports it (message on stderr, exit status 1).
import { readFileSync } from 'node:fs';
import fengari from 'fengari';

const { lua, lauxlib, lualib, to_luastring, to_jsstring } = fengari;
const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: fengari.mjs <file.lua> [args...]\n');
  process.exit(2);
}
const L = lauxlib.luaL_newstate();
lualib.luaL_openlibs(L);
lua.lua_createtable(L, args.length, 1);
[file, ...args].forEach((a, i) => {
  lua.lua_pushstring(L, to_luastring(a));
  lua.lua_rawseti(L, -2, i);
});
lua.lua_setglobal(L, to_luastring('arg'));
const status =
  lauxlib.luaL_loadbuffer(L, readFileSync(file), null, to_luastring(`@${file}`)) || lua.lua_pcall(L, 0, 0, 0);
if (status !== lua.LUA_OK) {
  const msg = lua.lua_tostring(L, -1);
  process.stderr.write(`fengari: ${msg ? to_jsstring(msg) : '(error object is not a string)'}\n`);
  process.exitCode = 1;
}
