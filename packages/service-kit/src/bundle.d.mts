export interface BundleOptions {
  /** The TypeScript (or JavaScript) entry file. */
  entry: string;
  /** Files and directories whose contents decide whether a cached bundle is still current. */
  inputs: string[];
  /** Where bundles are kept (under the temp directory). */
  cacheDir: string;
  /** Name prefix: `<name>-<content hash>/` holds a bundle, `<name>.stat-<stat key>` names one. */
  name: string;
  /** Packages left to Node's resolution instead of being bundled (native or heavy dependencies). */
  external?: string[];
  /**
   * When the cache directory cannot be written, run the bundle from a data: URL (default true). A bundle
   * with externals must say false: from a data: URL nothing resolves, so the caller falls back instead.
   */
  memoryFallback?: boolean;
  /**
   * 'esm' (default): `entry.mjs` plus a chunk per dynamic import. 'cjs': one `entry.cjs`, for a CommonJS
   * launcher to require (no memory fallback).
   */
  format?: 'esm' | 'cjs';
  /** The clock deciding whether the inputs are old enough to record their stat key (tests set it). */
  now?: () => number;
}

/**
 * The URL of a bundle of `entry` matching the current inputs (built now if there is none), a data: URL
 * when the cache directory cannot be written, or null when esbuild is missing or the sources do not
 * compile: the caller then loads the TypeScript through tsx.
 */
export function cachedBundle(opts: BundleOptions): URL | null;

/**
 * Runs a CommonJS bundle of `entry` (cachedBundle with format 'cjs') as a module through V8's code
 * cache, kept beside the bundle, and returns its exports; null when there is no bundle.
 */
export function requireBundle(
  opts: Omit<BundleOptions, 'format'> & {
    /**
     * Run on the exports before the code cache is made (codecache.cjs), so that what it calls is
     * compiled into the cache; it must not change V8's flags.
     */
    warm?: (exports: Record<string, unknown>) => void;
  },
): Record<string, unknown> | null;
