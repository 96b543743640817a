import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface Served {
  proc: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Start a server script in its own process (so it has its own core) and wait until it says ready. */
export async function serve(script: string, port: number, env: Record<string, string> = {}): Promise<Served> {
  const proc = spawn('node', ['--import', 'tsx', script], { env: { ...process.env, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${script} did not start`)), 60_000);
    proc.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(t);
        resolve();
      }
    });
    proc.on('exit', (c) => reject(new Error(`${script} exited ${c}`)));
  });
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export interface Load {
  rps: number;
  /** Cores the load generator (this process) kept busy during the run: it shares the machine with the server. */
  generatorCores: number;
  /** The server's CPU time per answered request, in µs (NaN when its pid was not given). */
  serverCpuUsPerRequest: number;
  p50: number;
  p97_5: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime field 14 and stime field 15 (1-based, man 5 proc).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/**
 * Load a URL for `seconds` with autocannon (in this process). With `serverPid`, also the server's
 * own CPU time per answered request: on a machine shared with other work, throughput follows the
 * CPU share a process happens to get, while the CPU a request costs moves far less.
 */
export async function load(url: string, headers: Record<string, string> = {}, seconds = 5, connections = 10, serverPid?: number): Promise<Load> {
  const c0 = process.cpuUsage();
  const s0 = serverPid ? processCpuMs(serverPid) : 0;
  const t0 = performance.now();
  const r = await autocannon({ url, headers, duration: seconds, connections, pipelining: 1 });
  const c = process.cpuUsage(c0);
  const generatorCores = (c.user + c.system) / 1000 / (performance.now() - t0);
  const serverCpuUsPerRequest = serverPid ? ((processCpuMs(serverPid) - s0) * 1000) / Math.max(1, r.requests.total) : Number.NaN;
  return { rps: r.requests.average, generatorCores, serverCpuUsPerRequest, p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export const fmt = (n: number, d = 2) => n.toFixed(d);

// ---- ratios against a baseline -------------------------------------------------------------------
//
// The machine is shared (two cores, other engineers' work, and the load generator itself), so a
// ratio is only honest when the baseline and the subject are measured side by side, many times:
// one warm-up round that is thrown away (JIT, caches, connection set-up), then at least five
// rounds in which every measure runs once, in an order that alternates from round to round so
// that none always runs first. Each round yields its own ratio; the figure is the median of those
// ratios, and the spread (min–max) says how much the noise moved it.

export interface Spread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}

export const MIN_ROUNDS = 5;

/**
 * Run every measure once per round (after `warmup` discarded rounds) and return each measure's
 * values, round by round. A measure returns one number (requests per second, milliseconds, …).
 */
export async function interleaved<K extends string>(
  measures: Record<K, () => number | Promise<number>>,
  opts: { rounds?: number; warmup?: number; log?: (round: number, values: Record<K, number>) => void } = {},
): Promise<Record<K, number[]>> {
  const rounds = Math.max(MIN_ROUNDS, opts.rounds ?? MIN_ROUNDS);
  const warmup = opts.warmup ?? 1;
  const keys = Object.keys(measures) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = -warmup; round < rounds; round++) {
    const order = round % 2 === 0 ? keys : [...keys].reverse();
    const values = {} as Record<K, number>;
    for (const k of order) values[k] = await measures[k]();
    if (round < 0) continue;
    for (const k of keys) out[k].push(values[k]);
    opts.log?.(round + 1, values);
  }
  return out;
}

/** The per-round ratios numerator ÷ denominator of an interleaved run, with their median and spread. */
export function ratioOf(values: Record<string, number[]>, numerator: string, denominator: string): Spread {
  const a = values[numerator];
  const b = values[denominator];
  if (!a || !b || a.length !== b.length) throw new Error(`no paired rounds for ${numerator} / ${denominator}`);
  return spread(a.map((x, i) => x / b[i]));
}

/** "0.52 (0.48–0.55 over 5 rounds)" */
export function fmtSpread(s: Spread, d = 2): string {
  return `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)} over ${s.values.length} rounds)`;
}
