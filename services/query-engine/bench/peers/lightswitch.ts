// The LightSwitch engine's runner lives with the engine (bench/engine-q1q2.ts <csv> <q1|q2>, printing one
// JSON line with the answer); this peer is that runner, bundled with the engine like the other peers.
import '../engine-q1q2.ts';
