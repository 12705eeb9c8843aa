// n-body.lua by hand: float arithmetic on object fields, bodies in a 1-based array as in Lua.
import { fixed, sizeArg, write } from './lua-io.mjs';

const N = sizeArg(1000000);
const PI = Math.PI;
const SOLAR_MASS = 4 * PI * PI;
const DAYS_PER_YEAR = 365.24;
const body = (x, y, z, vx, vy, vz, mass) => ({ x, y, z, vx, vy, vz, mass });
const bodies = [
  undefined,
  body(0, 0, 0, 0, 0, 0, SOLAR_MASS),
  body(
    4.8414314424647209,
    -1.16032004402742839,
    -1.03622044471123109e-1,
    1.66007664274403694e-3 * DAYS_PER_YEAR,
    7.69901118419740425e-3 * DAYS_PER_YEAR,
    -6.90460016972063023e-5 * DAYS_PER_YEAR,
    9.54791938424326609e-4 * SOLAR_MASS,
  ),
  body(
    8.34336671824457987,
    4.12479856412430479,
    -4.03523417114321381e-1,
    -2.76742510726862411e-3 * DAYS_PER_YEAR,
    4.99852801234917238e-3 * DAYS_PER_YEAR,
    2.30417297573763929e-5 * DAYS_PER_YEAR,
    2.85885980666130812e-4 * SOLAR_MASS,
  ),
  body(
    1.2894369562139131e1,
    -1.51111514016986312e1,
    -2.23307578892655734e-1,
    2.96460137564761618e-3 * DAYS_PER_YEAR,
    2.3784717395948095e-3 * DAYS_PER_YEAR,
    -2.96589568540237556e-5 * DAYS_PER_YEAR,
    4.36624404335156298e-5 * SOLAR_MASS,
  ),
  body(
    1.53796971148509165e1,
    -2.59193146099879641e1,
    1.79258772950371181e-1,
    2.68067772490389322e-3 * DAYS_PER_YEAR,
    1.62824170038242295e-3 * DAYS_PER_YEAR,
    -9.5159225451971587e-5 * DAYS_PER_YEAR,
    5.15138902046611451e-5 * SOLAR_MASS,
  ),
];

function advance(bodies, nbody, dt) {
  for (let i = 1; i <= nbody; i++) {
    const bi = bodies[i];
    const bix = bi.x;
    const biy = bi.y;
    const biz = bi.z;
    const bimass = bi.mass;
    let bivx = bi.vx;
    let bivy = bi.vy;
    let bivz = bi.vz;
    for (let j = i + 1; j <= nbody; j++) {
      const bj = bodies[j];
      const dx = bix - bj.x;
      const dy = biy - bj.y;
      const dz = biz - bj.z;
      const d2 = dx * dx + dy * dy + dz * dz;
      let mag = Math.sqrt(d2);
      mag = dt / (mag * d2);
      let bm = bj.mass * mag;
      bivx = bivx - dx * bm;
      bivy = bivy - dy * bm;
      bivz = bivz - dz * bm;
      bm = bimass * mag;
      bj.vx = bj.vx + dx * bm;
      bj.vy = bj.vy + dy * bm;
      bj.vz = bj.vz + dz * bm;
    }
    bi.vx = bivx;
    bi.vy = bivy;
    bi.vz = bivz;
    bi.x = bix + dt * bivx;
    bi.y = biy + dt * bivy;
    bi.z = biz + dt * bivz;
  }
}

function energy(bodies, nbody) {
  let e = 0;
  for (let i = 1; i <= nbody; i++) {
    const bi = bodies[i];
    const vx = bi.vx;
    const vy = bi.vy;
    const vz = bi.vz;
    const bim = bi.mass;
    e = e + 0.5 * bim * (vx * vx + vy * vy + vz * vz);
    for (let j = i + 1; j <= nbody; j++) {
      const bj = bodies[j];
      const dx = bi.x - bj.x;
      const dy = bi.y - bj.y;
      const dz = bi.z - bj.z;
      const distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
      e = e - (bim * bj.mass) / distance;
    }
  }
  return e;
}

function offsetMomentum(b, nbody) {
  let px = 0;
  let py = 0;
  let pz = 0;
  for (let i = 1; i <= nbody; i++) {
    const bi = b[i];
    const bim = bi.mass;
    px = px + bi.vx * bim;
    py = py + bi.vy * bim;
    pz = pz + bi.vz * bim;
  }
  b[1].vx = -px / SOLAR_MASS;
  b[1].vy = -py / SOLAR_MASS;
  b[1].vz = -pz / SOLAR_MASS;
}

const nbody = bodies.length - 1;
offsetMomentum(bodies, nbody);
write(fixed(energy(bodies, nbody), 9), '\n');
for (let k = 1; k <= N; k++) advance(bodies, nbody, 0.01);
write(fixed(energy(bodies, nbody), 9), '\n');
