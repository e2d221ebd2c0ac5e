// Child processes for the benchmarks: spawn pinned to a core, wait until ready, read CPU time and RSS
// from /proc. Everything listens on 127.0.0.1 only.

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ); 100 on every Linux build we know of. */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const cores = (() => {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)?.length ?? 1;
  } catch {
    return 1;
  }
})();

/** The CPU to pin a role to: servers on the last core, load generators on core 0 (no pinning with one core). */
export function cpuFor(role) {
  if (!hasTaskset || cores < 2) return undefined;
  return role === 'server' ? cores - 1 : 0;
}

/** `[command, args]` prefixed with `taskset -c <cpu>` when pinning is possible. */
export function pinned(cpu, command, args) {
  if (cpu === undefined || !hasTaskset) return [command, args];
  return ['taskset', ['-c', String(cpu), command, ...args]];
}

export async function freePort() {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** User + system CPU time of a process in microseconds (from /proc/<pid>/stat). */
export function cpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1e6) / CLK_TCK;
}

/** Resident set size of a process in bytes (VmRSS from /proc/<pid>/status). */
export function rssBytes(pid) {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/**
 * Starts a process (pinned when `cpu` is given) and resolves once `ready()` resolves true.
 * stderr is kept (last 64 KB) for error messages; stdout is ignored unless `stdio` says otherwise.
 */
export async function startProcess({ command = process.execPath, args, env = {}, cpu, ready, name }) {
  const [cmd, argv] = pinned(cpu, command, args);
  const child = spawn(cmd, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-65_536);
  });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited)
      throw new Error(`${name} exited (${exited.code ?? exited.signal}) before it was ready:\n${stderr}`);
    if (await ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 20 s:\n${stderr}`);
    }
    await sleep(25);
  }
  return {
    name,
    pid: child.pid,
    child,
    get stderr() {
      return stderr;
    },
    cpuMicros: () => cpuMicros(child.pid),
    rssBytes: () => rssBytes(child.pid),
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** ready() for an HTTP server: resolves true once `url` answers at all. */
export function httpReady(url) {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return true;
  };
}

/**
 * Runs `node <args>` pinned to `cpu` and returns its stdout parsed as JSON. Each stderr line goes to
 * `onStderrLine` when given; a non-zero exit throws with the end of stderr.
 */
export async function runNodeJson({ cpu, args, label, onStderrLine }) {
  const [cmd, argv] = pinned(cpu, process.execPath, args);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
    if (onStderrLine) for (const line of chunk.split('\n')) if (line.trim()) onStderrLine(line.trim());
  });
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve(exitCode ?? signal));
  });
  if (code !== 0) throw new Error(`${label} exited with ${code}:\n${stderr.slice(-4000)}`);
  return JSON.parse(stdout);
}
