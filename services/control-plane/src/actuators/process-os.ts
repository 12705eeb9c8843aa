// Operating-system helpers for the process actuator: who is alive, when it started, which process group.
// Linux reads /proc; elsewhere start times are unknown (null) and liveness falls back to kill(pid, 0).
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  /** Field 3: R, S, D, Z, T, ... */
  state: string;
  /** Field 5: the process group. */
  pgrp: number;
  /** Field 22: start time in clock ticks since boot. */
  startTime: number;
}

/** /proc/<pid>/stat, or null when there is no such process (or no /proc). */
export function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces or ')'; fields resume after the last ')'.
  const rest = text
    .slice(text.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3.
  const state = rest[0] ?? '?';
  const pgrp = Number(rest[2]);
  const startTime = Number(rest[19]);
  if (!Number.isFinite(pgrp) || !Number.isFinite(startTime)) return null;
  return { state, pgrp, startTime };
}

export const hasProcfs = (() => {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

/** The start time (clock ticks since boot) of a process, or null when unknown or not running. */
export function processStartTime(pid: number): number | null {
  return readProcStat(pid)?.startTime ?? null;
}

/** Whether kill(pid, 0) would reach something (EPERM means it exists but is not ours to signal). */
function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is alive and is the very process that started at `startTime` (a recycled pid is not).
 * Zombies count as dead. Without /proc (startTime null) only liveness can be checked.
 */
export function isSameProcessAlive(pid: number, startTime: number | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (hasProcfs) {
    const stat = readProcStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
    return startTime === null || stat.startTime === startTime;
  }
  return signalable(pid);
}

/** Pids of the live (non-zombie) members of a process group. */
export function liveGroupMembers(pgid: number): number[] {
  if (!hasProcfs) return signalable(-pgid) ? [pgid] : [];
  return allPids().filter((pid) => {
    const stat = readProcStat(pid);
    return stat !== null && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X';
  });
}

/** Every pid in /proc (empty without it). */
function allPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** Sends a signal to a whole process group; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * Pids of live processes whose environment holds NAME=value, group leaders only (their children go with
 * the group). Lets a restarted control plane find a process it spawned but was killed before recording.
 */
export function groupLeadersWithEnv(name: string, value: string): number[] {
  if (!hasProcfs) return [];
  const needle = `${name}=${value}`;
  return allPids().filter((pid) => {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      return false; // gone, or not ours to read
    }
    if (!environ.split('\0').includes(needle)) return false;
    const stat = readProcStat(pid);
    return stat !== null && stat.pgrp === pid && stat.state !== 'Z' && stat.state !== 'X';
  });
}
