// How the engine's process should be started: the benchmark's `lightswitch` peer runs with this, and a
// deployment of the service should too (README "Running it"). Both settings are about peak memory on long
// inputs, and neither can be set from inside a running process.
//
// - MALLOC_MMAP_THRESHOLD_: glibc raises its mmap threshold each time a large mmapped block is freed, after
//   which buffers of that size come from the heap arenas and stay there when freed. The engine's output
//   morsels (~100 KiB each, allocated by a worker, freed by the main thread's GC) then fragment the workers'
//   arenas and RSS climbs for the first seconds of a long query. Fixing the threshold at glibc's default
//   keeps blocks of 128 KiB and more on mmap, returned to the system when freed.
// - --max-semi-space-size=1 (MiB, main thread): the main thread allocates few JS objects, so with V8's
//   default young generation (up to 16 MiB per semi-space) it collects rarely, and the output arrays the
//   consumer has dropped wait that long to be freed.
//
// Measured (BENCHMARKS.md, Q1 10M -> 50M rows): peak RSS 148-162 -> 184 MiB with node's defaults,
// 128-130 -> 138-140 MiB with both; speed unchanged within noise.
export const engineRuntime = Object.freeze({
  env: Object.freeze({ MALLOC_MMAP_THRESHOLD_: '131072' }),
  nodeArgs: Object.freeze(['--max-semi-space-size=1']),
});
