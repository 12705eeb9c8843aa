// binary-trees.lua by hand: a node is a two-element array, a leaf an empty one (Lua's {left, right} and {}).
import { sizeArg, write } from './lua-io.mjs';

const N = sizeArg(15);

function bottomUpTree(depth) {
  if (depth > 0) {
    depth = depth - 1;
    const left = bottomUpTree(depth);
    const right = bottomUpTree(depth);
    return [left, right];
  }
  return [];
}

function itemCheck(tree) {
  if (tree.length !== 0) return 1 + itemCheck(tree[0]) + itemCheck(tree[1]);
  return 1;
}

const mindepth = 4;
let maxdepth = mindepth + 2;
if (maxdepth < N) maxdepth = N;
{
  const stretchdepth = maxdepth + 1;
  const stretchtree = bottomUpTree(stretchdepth);
  write(`stretch tree of depth ${stretchdepth}\t check: ${itemCheck(stretchtree)}\n`);
}
const longlivedtree = bottomUpTree(maxdepth);
for (let depth = mindepth; depth <= maxdepth; depth += 2) {
  const iterations = 2 ** (maxdepth - depth + mindepth);
  let check = 0;
  for (let k = 1; k <= iterations; k++) check = check + itemCheck(bottomUpTree(depth));
  write(`${iterations}\t trees of depth ${depth}\t check: ${check}\n`);
}
write(`long lived tree of depth ${maxdepth}\t check: ${itemCheck(longlivedtree)}\n`);
