// Shapes (hidden classes) for the string keys of tables. A shape maps each key to a slot index in the
// table's `slots` array; shapes are immutable and shared, so tables that gained the same keys in the
// same order share one, and a trace or an inline cache that checked `t.shape === S` may read
// `t.slots[i]` without a lookup. Keys are never removed from a shape (a field set to nil keeps its
// slot, holding nil), which keeps `next` able to continue from a field cleared during a traversal.
// Tables with too many string keys, or whose shape would need a transition past the caps below, go
// to dictionary mode (DICT): their string keys then live in the hash Map like any other key.
// A shape also says which of its slots are float slots (`floats`): the key came in with a float, and
// every table of the shape keeps a float or nil there, held as a bare JS number even when integral
// (so a float store needs no integrality check, and a trace's float load no type check: n-body). A
// store of anything else moves the table to the shape's generalised sibling (generalize), whose slot
// holds any value as elsewhere; a float stored into a slot that is not a float slot moves the table the
// other way (specialize), unless that slot was generalised before. So tables given the same keys in
// the same order with different kinds of value have different shapes, as V8's maps do with field
// representations.

/** String keys a shape may hold; one more sends the table to dictionary mode. */
export const MAX_SHAPE_KEYS = 64;
/** Distinct keys added to one shape (each a cached transition) before further ones go to DICT. */
const MAX_TRANSITIONS = 32;
/** Shapes in one tree (one Lua state): bounds the memory a program making odd key sets can pin. */
const MAX_SHAPES = 20000;
/** Slots past this one are never float slots (`floats` is a 31-bit mask). */
const MAX_FLOAT_SLOT = 30;

let shapeCount = 0;

export class Shape {
  /** Slot of each key. */
  readonly index: Map<string, number>;
  private transitions: Map<string, Shape> | null = null;
  /** Transitions whose new key is a float slot. */
  private floatTransitions: Map<string, Shape> | null = null;
  /** This shape with slot j's kind flipped (generalize, specialize), by j. */
  private siblings: Map<number, Shape> | null = null;
  /** Bit j: slot j was generalised, and is not specialised again. */
  private general = 0;
  /**
   * Most keys of a shape reached from this one (itself included): a table moving to this shape will
   * likely go on to that many (a constructor's fields), so its slots array is made that big at once.
   */
  room: number;
  /**
   * A table of this shape or one reached from it held numbers only in a Float64Array and then
   * something else (vm/slots.ts): tables moving to this shape get a generic slots array from the start.
   */
  mixed = false;
  /**
   * A metatable of this shape may have __gc or __mode (the collector's keys, vm/gcstate.ts): traced
   * setmetatable calls tell the collector only then. True for DICT, whose keys are not here.
   */
  collectorKeys: boolean;

  constructor(
    /** Keys in slot order (also `next` order). */
    readonly keys: readonly string[],
    index: Map<string, number>,
    private readonly parent: Shape | null = null,
    /** Bit j: slot j is a float slot (see the top of this file). */
    readonly floats = 0,
  ) {
    this.index = index;
    this.room = keys.length;
    this.collectorKeys = index.has('__gc') || index.has('__mode');
  }

  /** A shape with `room` keys was reached from this one (shapes are at most MAX_SHAPE_KEYS deep). */
  private widen(room: number): void {
    if (this.room >= room) return;
    this.room = room;
    this.parent?.widen(room);
  }

  /** Marks this shape and the ones before it (not the root: every table starts there) as mixed. */
  markMixed(): void {
    if (this.mixed || this.parent === null) return;
    this.mixed = true;
    this.parent.markMixed();
  }

  /** Is slot j a float slot? */
  isFloat(j: number): boolean {
    // JS shifts count mod 32: slots past MAX_FLOAT_SLOT must not read a low bit.
    return j <= MAX_FLOAT_SLOT && ((this.floats >>> j) & 1) === 1;
  }

  /**
   * The shape with key appended, a float slot when `float` (the value it comes with is a float), or
   * null when the table must go to dictionary mode instead.
   */
  add(key: string, float = false): Shape | null {
    const n = this.keys.length;
    const asFloat = float && n <= MAX_FLOAT_SLOT;
    let tr = asFloat ? this.floatTransitions : this.transitions;
    if (tr !== null) {
      const s = tr.get(key);
      if (s !== undefined) return s;
    }
    const made = (this.transitions?.size ?? 0) + (this.floatTransitions?.size ?? 0);
    if (made >= MAX_TRANSITIONS) return null;
    if (this === DICT || n >= MAX_SHAPE_KEYS || shapeCount >= MAX_SHAPES) return null;
    if (tr === null) {
      tr = new Map();
      if (asFloat) this.floatTransitions = tr;
      else this.transitions = tr;
    }
    const index = new Map(this.index);
    index.set(key, n);
    const s = new Shape([...this.keys, key], index, this, asFloat ? this.floats | (1 << n) : this.floats);
    tr.set(key, s);
    shapeCount++;
    this.widen(s.room);
    return s;
  }

  /**
   * The shape whose slot j, a float slot here, holds any value: the same keys reached with slot j
   * given a value of another kind, so tables built that way share it. Never null: past the caps it is
   * a shape of its own. Its slot j never becomes a float slot again (specialize), so a field that
   * takes floats and integers in turn does not move its tables between shapes at every store.
   */
  generalize(j: number): Shape {
    let g = this.sibling(j);
    if (g === null) {
      g = new Shape(this.keys, this.index, this.parent, this.floats & ~(1 << j));
      g.room = this.room;
      g.mixed = this.mixed;
      (this.siblings ??= new Map()).set(j, g);
      shapeCount++;
    }
    g.general |= 1 << j;
    return g;
  }

  /**
   * The shape whose slot j, not a float slot here, is one: for a table whose field, first set to an
   * integer, is given a float (n-body's first body starts at 0), so that it joins the tables whose
   * field was a float from the start. null when slot j was generalised before or cannot be a float
   * slot.
   */
  specialize(j: number): Shape | null {
    if (j > MAX_FLOAT_SLOT || ((this.general >>> j) & 1) === 1) return null;
    return this.sibling(j);
  }

  /** The shape reached from the root by the same keys, slot j's kind flipped (cached); null past a cap. */
  private sibling(j: number): Shape | null {
    const known = this.siblings?.get(j);
    if (known !== undefined) return known;
    let root: Shape | null = this.parent;
    if (root === null) return null;
    while (root.parent !== null) root = root.parent;
    const floats = this.floats ^ (1 << j);
    let s: Shape | null = root;
    for (let i = 0; i < this.keys.length && s !== null; i++)
      s = s.add(this.keys[i]!, i <= MAX_FLOAT_SLOT && ((floats >>> i) & 1) === 1);
    if (s !== null) (this.siblings ??= new Map()).set(j, s);
    return s;
  }
}

/** Dictionary mode: the table's string keys are in its hash Map. */
export const DICT = new Shape([], new Map());
DICT.collectorKeys = true;

let root = new Shape([], new Map());

/** The shape of a new table. */
export function rootShape(): Shape {
  return root;
}

/**
 * Starts a fresh shape tree (a new Lua state), so one state's transitions neither count against
 * another's caps nor stay reachable from tables created after it.
 */
export function resetShapes(): void {
  root = new Shape([], new Map());
  shapeCount = 0;
}
