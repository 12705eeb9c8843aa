// Code generation for function traces. The trace is split in two: an entry that checks and unboxes
// the arguments on the stack, and a body taking them as JS arguments. A recursive call to the same
// closure calls the body directly, with unboxed arguments and results (the results go through the
// entry's v0, v1, ... boxed only where floats need it), instead of entering the whole trace again
// through the stack: no entry type checks, no upvalue or global reloads, no result reload and check.
// The arguments it takes are not stored on the stack: the body's exits (and hand-overs) store them.
// When every RETURN passes one result, the body returns that result itself (or BODY_FAILED,
// BODY_LEFT for the entry's -1 and -2): a young value stored into the shared v0 went through V8's
// write barrier on every return (binary-trees returns a new table from each of its ~12M calls).
import type { LoopState } from './cache.ts';
import { Gen, generate, MAX_CALL_DEPTH, R, type Generated } from './codegen.ts';
import { TRACE_HELPERS } from './helpers.ts';
import { eachNode, WRITES_DST, WRITES_NONE, type Exit, type Node, type Tree } from './ir.ts';
import { allPaths } from './optimize.ts';
import { boxExpr, checkExpr, TT, unboxExpr } from './types.ts';

type CallFn = Extract<Node, { k: 'callfn' }>;
type Ret = Extract<Node, { k: 'ret' }>;

class FunctionGen extends Gen {
  /** The tree's live-in registers, in the order the body takes them. */
  readonly params: number[];
  readonly rets: Ret[] = [];
  /** Most results any RETURN of the tree passes (the entry's v0.. slots). */
  readonly width: number;
  /** The body returns its one result instead of a count (see the top of the file). */
  readonly single: boolean;

  constructor(tree: Tree, allowSingle: boolean) {
    super(tree);
    this.params = [...tree.entry.keys()].sort((x, y) => x - y);
    for (const p of allPaths(tree)) eachNode(p.nodes, (n) => n.k === 'ret' && this.rets.push(n));
    this.width = Math.max(0, ...this.rets.map((r) => r.n));
    this.single = allowSingle && this.rets.length > 0 && this.rets.every((r) => r.n === 1);
  }

  /** fnguards made redundant by the direct call after them (which checks for `cl` itself). */
  private readonly skip = new Set<Node>();
  /** Direct calls whose function register was loaded from an upvalue or global the tree keeps. */
  private readonly callee = new Map<CallFn, string>();
  /** The hoisted functions direct calls call: the entry checks once that each is `cl`. */
  readonly selfNames = new Set<string>();
  /** Over the direct calls: the most stack a call needs above base, the least base moves up by. */
  maxRoom = 0;
  minStep = Infinity;

  override nodes(ns: Node[]): string {
    ns.forEach((n, j) => {
      const next = ns[j + 1];
      if (n.k === 'fnguard' && next?.k === 'callfn' && next.a === n.src && this.direct(next))
        this.skip.add(n);
      if (n.k === 'callfn' && this.direct(n)) {
        const key = hoistedLoad(ns, j, n.a, this.facts.hoistUpvals, this.facts.hoistGlobals);
        if (key !== null) this.callee.set(n, key);
      }
    });
    return super.nodes(ns);
  }

  /**
   * The body's parameters are only on the stack when the interpreter called the trace: exits also
   * store those not written since the entry.
   */
  override writeback(e: Exit, pc = e.pc): string {
    return `${super.writeback(e, pc)} ${this.paramStores(e.snap)}`;
  }

  paramStores(written: Map<number, TT>): string {
    return this.params
      .filter((r) => !written.has(r))
      .map(
        (r) =>
          `stack[base + ${r}] = ${boxExpr(this.tree.entry.get(r)!, this.op({ r }, this.tree.entry.get(r)!))};`,
      )
      .join(' ');
  }

  override node(n: Node): string {
    if (this.skip.has(n)) return '';
    if (n.k === 'callfn' && !this.direct(n)) {
      // A handover after a callee left frames: this frame's parameters are stored too.
      const spill = new Map(n.spill);
      for (const r of this.params) if (!spill.has(r)) spill.set(r, this.tree.entry.get(r)!);
      return super.node({ ...n, spill });
    }
    if (n.k === 'ret') {
      // Parenthesised: singleResults below tells it from the counts the other returns give.
      if (this.single) return `return (${boxExpr(n.ts[0]!, this.op({ r: n.a }, n.ts[0]!))});`;
      const stores = n.ts.map((t, j) => `v${j} = ${boxExpr(t, this.op({ r: n.a + j }, t))};`);
      return `${stores.join(' ')} return ${n.n};`;
    }
    if (n.k === 'callfn' && this.direct(n)) return this.selfCall(n);
    return super.node(n);
  }

  /**
   * Whether a call can go straight to the body: it calls this tree with the types the body takes,
   * and every RETURN of the tree gives it the results and types it was recorded with.
   */
  direct(n: CallFn): boolean {
    if ((this.tree.consts[n.callee] as LoopState).tree !== this.tree) return false;
    const p = this.tree.proto;
    for (const [r, t] of this.tree.entry) {
      if (r >= p.numparams) return false;
      if ((r < n.nargs ? n.targs[r] : TT.NIL) !== t) return false;
    }
    return this.rets.every((r) => r.n >= n.nres && n.ts.every((t, j) => r.ts[j] === t));
  }

  selfCall(n: CallFn): string {
    const a = n.a;
    const fn = this.op({ r: a }, TT.FUN);
    const args = this.params.map((r) => (r < n.nargs ? this.op({ r: a + 1 + r }, n.targs[r]!) : 'undefined'));
    // A parameter the body does not take (its recorded path writes it before reading it) is read by
    // the interpreter after an exit on another path (`if n == 0 then return a, b end` before
    // `b = ...`): it must be on the stack, as a call through the interpreter leaves it.
    const unpassed: string[] = [];
    for (let r = 0; r < this.tree.proto.numparams; r++) {
      if (this.params.includes(r)) continue;
      const t = r < n.nargs ? n.targs[r]! : TT.NIL;
      const v = r < n.nargs ? boxExpr(t, this.op({ r: a + 1 + r }, t)) : 'undefined';
      unpassed.push(`stack[base + ${a + 1 + r}] = ${v}; `);
    }
    const spill = [...n.spill].map(([r, t]) => `stack[base + ${r}] = ${boxExpr(t, this.op({ r }, t))};`);
    spill.push(this.paramStores(n.spill));
    // The body's exits hand over frames of its own closure, `cl`: another closure of the same
    // function goes through the interpreter. LIM (set by the entry) bounds base so that the callee
    // has stack room and the recursion stays under MAX_CALL_DEPTH; it is -1 when a function the
    // calls take from an upvalue or global is not `cl`. One test where there were three: fib's
    // body is small enough again for V8 to inline its recursion.
    this.maxRoom = Math.max(this.maxRoom, a + n.room);
    this.minStep = Math.min(this.minStep, a + 1);
    const key = this.callee.get(n);
    const name = key === undefined ? undefined : this.hoisted.get(key);
    if (name !== undefined) this.selfNames.add(name);
    const [failed, left] = this.single
      ? ["typeof u === 'symbol'", 'u === BODY_FAILED']
      : ['u < 0', 'u === -1'];
    let code =
      `if (${name === undefined ? `${fn} !== cl || ` : ''}base >= LIM) ${this.exitCode(n.exit)}\n` +
      `${unpassed.join('')}u = body(base + ${a + 1}, depth + 1${args.map((x) => ', ' + x).join('')});\n` +
      `if (${failed}) {\nif (${left}) ${this.exitCode(n.exit)}\n${spill.join(' ')}\n` +
      `J.frames[J.frames.length - 1].nres = ${n.nres}; ` +
      `J.frames.push({ cl, base, pc: ${n.exit.pc + 1}, nres: 0, exit: null }); return -2;\n}`;
    n.ts.forEach((t, j) => {
      code += `\n${this.dst(a + j, t)} = ${unboxExpr(t, this.single ? 'u' : `v${j}`)};`;
    });
    return code;
  }
}

/**
 * The hoist key of the load that put the function of the call at ns[j] into register a, when it is
 * an upvalue or global hoisted to the entry and no node in between may write a; null otherwise.
 */
function hoistedLoad(ns: Node[], j: number, a: number, upvals: boolean, globals: boolean): string | null {
  for (let i = j - 1; i >= 0; i--) {
    const m = ns[i]!;
    if (WRITES_DST.has(m.k)) {
      const d = (m as { dst: number }).dst;
      if (d !== a) continue;
      if (m.k === 'getupv' && m.clo === undefined && upvals && m.t === TT.FUN) return `u${m.konst}:${m.uv}`;
      if (m.k === 'getglobal' && globals && m.t === TT.FUN) return `g:${m.name}`;
      return null;
    }
    if (!WRITES_NONE.has(m.k)) return null;
  }
  return null;
}

/** JSON string literals (lit's strings), kept as they are, or the body's counted returns. */
const RETURNS = /"(?:[^"\\]|\\.)*"|\breturn\b(?: -[12];)?/g;

/**
 * The body's code with its -1 and -2 returns made BODY_FAILED and BODY_LEFT, or null when it
 * returns anything else that is not its result (a count some node's code computes).
 */
function singleResults(code: string): string | null {
  let ok = true;
  const out = code.replace(RETURNS, (m, offset: number) => {
    if (m === 'return -1;') return 'return BODY_FAILED;';
    if (m === 'return -2;') return 'return BODY_LEFT;';
    if (m === 'return' && code[offset + 7] !== '(') ok = false;
    return m;
  });
  return ok ? out : null;
}

/** A function trace's source: the entry function, and the body beside it. */
export function generateFunction(tree: Tree): Generated {
  // A tail call's results are left on the stack, not in v0..: such traces keep the plain shape.
  if (allPaths(tree).some((p) => p.nodes.some((n) => n.k === 'tailfn'))) return generate(tree);
  return generateFunctionAs(tree, true) ?? generateFunctionAs(tree, false)!;
}

function generateFunctionAs(tree: Tree, allowSingle: boolean): Generated | null {
  const g = new FunctionGen(tree, allowSingle);
  let body = g.path(tree.root);
  const entry: string[] = [];
  for (const r of g.params) {
    if (!g.vregs.has(r)) continue;
    const t = tree.entry.get(r)!;
    entry.push(
      `t = stack[base + ${r}]; if (!(${checkExpr(t, 't')})) return -1; ${R(r)} = ${unboxExpr(t, 't')};`,
    );
  }
  // Entry checks on the arguments (a table's shape) are the body's, made on every call; loads of
  // upvalues and globals the tree never assigns are made once, by the entry, into shared variables.
  let perCall = g.prologue.filter((line) => /\br\d+\b/.test(line));
  const onceNames: string[] = [];
  const once = g.prologue
    .filter((line) => !perCall.includes(line))
    .map((line) =>
      line.replace(/\bconst (\w+) = /g, (_, name: string) => {
        onceNames.push(name);
        return `${name} = `;
      }),
    );
  const params = new Set(g.params);
  const decls = [...g.vregs]
    .filter((v) => !params.has(v))
    .sort((x, y) => x - y)
    .map(R);
  const results: string[] = [];
  if (g.single) {
    const checks = singleResults(perCall.join('\n'));
    const single = singleResults(body);
    if (checks === null || single === null) return null;
    perCall = [checks];
    body = single;
    results.push('if (u === BODY_FAILED) return -1;', 'if (u === BODY_LEFT) return -2;');
    results.push('stack[base - 1] = u; u = 1;');
  } else {
    for (let j = 0; j < g.width; j++) results.push(`if (u > ${j}) stack[base + ${j - 1}] = v${j};`);
  }
  const shared = ['L', 'stack', 'cl', 'J', 'upvals', 'G', 'LIM', ...onceNames];
  // base >= LIM stops a direct call: too little stack left, or MAX_CALL_DEPTH reached (each call
  // moves base up by minStep at least, so base reaches the bound before depth does).
  const self = [...g.selfNames].map((h) => `${h} === cl`).join(' && ') || 'true';
  const lim =
    g.minStep === Infinity
      ? ''
      : `LIM = ${self} ? Math.min(stack.length - ${g.maxRoom}, base + (${MAX_CALL_DEPTH} - depth) * ${g.minStep}) : -1;`;
  const args = g.params.map((r) => ', ' + R(r)).join('');
  const source = [
    `const { ${Object.keys(TRACE_HELPERS).join(', ')} } = H;`,
    g.boundConsts(),
    // One body per compiled trace, made with it: when every entry made its own closure, V8 could no
    // longer specialise the body to its closure (a known target for the recursive call, a constant
    // context), and fib ran 1.5x slower. What the entry sets up for the body lives beside
    // it, saved and restored around each entry, since a callee's trace may enter this one again.
    `let ${[...shared, ...(g.single ? [] : results.map((_, j) => `v${j}`))].join(', ')};`,
    'return function trace(L_, stack_, base, cl_, J_, depth) {',
    `const ${shared.map((n, j) => `s${j} = ${n}`).join(', ')};`,
    'L = L_; stack = stack_; cl = cl_; J = J_; upvals = cl.upvals; G = L.globals;',
    `let t, u${args};`,
    'try {',
    ...entry,
    ...once,
    lim,
    `u = body(base, depth${args});`,
    ...results,
    'return u;',
    `} finally { ${shared.map((n, j) => `${n} = s${j};`).join(' ')} }`,
    '};',
    `function body(base, depth${args}) {`,
    `let t, u${decls.length > 0 ? ', ' + decls.join(', ') : ''};`,
    ...perCall,
    'loop: for (;;) {',
    body,
    '}',
    '}',
  ].join('\n');
  return { source, exits: g.exits, narrowFor: false };
}
