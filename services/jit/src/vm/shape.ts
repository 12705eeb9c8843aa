// Shapes (hidden classes) for the string keys of tables. A shape maps each key to a slot index in the
// table's `slots` array; shapes are immutable and shared, so tables that gained the same keys in the
// same order share one, and a trace or an inline cache that checked `t.shape === S` may read
// `t.slots[i]` without a lookup. Keys are never removed from a shape (a field set to nil keeps its
// slot, holding nil), which keeps `next` able to continue from a field cleared during a traversal.
// Tables with too many string keys, or whose shape would need a transition past the caps below, go
// to dictionary mode (DICT): their string keys then live in the hash Map like any other key.

/** String keys a shape may hold; one more sends the table to dictionary mode. */
export const MAX_SHAPE_KEYS = 64;
/** Distinct keys added to one shape (each a cached transition) before further ones go to DICT. */
const MAX_TRANSITIONS = 32;
/** Shapes in one tree (one Lua state): bounds the memory a program making odd key sets can pin. */
const MAX_SHAPES = 20000;

let shapeCount = 0;

export class Shape {
  /** Slot of each key. */
  readonly index: Map<string, number>;
  private transitions: Map<string, Shape> | null = null;
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

  constructor(
    /** Keys in slot order (also `next` order). */
    readonly keys: readonly string[],
    index: Map<string, number>,
    private readonly parent: Shape | null = null,
  ) {
    this.index = index;
    this.room = keys.length;
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

  /** The shape with key appended, or null when the table must go to dictionary mode instead. */
  add(key: string): Shape | null {
    let tr = this.transitions;
    if (tr !== null) {
      const s = tr.get(key);
      if (s !== undefined) return s;
      if (tr.size >= MAX_TRANSITIONS) return null;
    }
    if (this === DICT || this.keys.length >= MAX_SHAPE_KEYS || shapeCount >= MAX_SHAPES) return null;
    if (tr === null) tr = this.transitions = new Map();
    const index = new Map(this.index);
    index.set(key, this.keys.length);
    const s = new Shape([...this.keys, key], index, this);
    tr.set(key, s);
    shapeCount++;
    this.widen(s.room);
    return s;
  }
}

/** Dictionary mode: the table's string keys are in its hash Map. */
export const DICT = new Shape([], new Map());

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
