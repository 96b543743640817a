/**
 * Benchmark of the network checker (issue 6): a generated model of 100,000 nodes and 500,000
 * links. Targets: the check takes ≤ 2 s and ≤ 3× the time JSON.parse takes on the same file,
 * measured in the same run; peak memory ≤ 2 GiB.
 *
 *   npx tsx bench/network-check.ts [--nodes 100000] [--links 500000] [--runs 3]
 *
 * "check" = everything after JSON.parse: JSON Schema validation (ajv), the reference checks and
 * graph building, the reachability analysis and every rule, ending with the sorted findings and
 * the summary. Positions of findings in the file (for the CLI's file:line:col) are timed
 * separately, as is the whole CLI path from the text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LinkDef, NetworkModelDoc, NodeDef, ZoneDef } from '@shared/network';
import { checkGraph, validateModel } from '../server/modules/network/check';
import { parseSource, sourceFromData } from '../server/modules/network/model/source';
import { MIN_ROUNDS, fmtSpread, interleaved, median, ratioOf, spread } from './lib';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const NODES = arg('nodes', 100_000);
const LINKS = arg('links', 500_000);
const RUNS = arg('runs', MIN_ROUNDS);

/** A deterministic pseudo-random sequence (mulberry32), so every run checks the same model. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A large organisation-wide model (a prefecture-sized design): many segment zones, terminals and
 * servers in each segment, Government Cloud areas for the standardised systems, sanitised links
 * between LGWAN and the internet side, designated communication out of the My Number segment, and
 * a few planted violations so the rules have something to find.
 */
function generate(nodes: number, links: number): NetworkModelDoc {
  const r = rng(20_260_401);
  const zones: ZoneDef[] = [
    { id: 'lgwan', kind: 'lgwan' },
    { id: 'sc', kind: 'securityCloud' },
    { id: 'net', kind: 'internet' },
    { id: 'juki', kind: 'designated', destination: 'jukiNet' },
    { id: 'chukan', kind: 'designated', destination: 'intermediateServer' },
    { id: 'jlis', kind: 'designated', destination: 'jlisPlatform' },
    { id: 'asp', kind: 'lgwanAsp' },
    { id: 'gc', kind: 'govCloud', adminAuth: ['password', 'otpToken'] },
    { id: 'saas', kind: 'cloudService', ismap: 'ismap', adminAuth: ['password', 'otpToken'] },
  ];
  const SITES = 200;
  for (let s = 0; s < SITES; s++) {
    zones.push({ id: `mn-${s}`, kind: 'segment', segment: 'mynumber' }, { id: `lg-${s}`, kind: 'segment', segment: 'lgwan' }, { id: `in-${s}`, kind: 'segment', segment: 'internet' });
  }
  const out: NodeDef[] = [];
  const bySeg: Record<'mn' | 'lg' | 'in' | 'gc', number[]> = { mn: [], lg: [], in: [], gc: [] };
  const sanitiser = { mail: 'san-mail', file: 'san-file', screen: 'san-screen' };
  out.push({ id: sanitiser.mail, kind: 'mailSanitiser', zone: 'sc' }, { id: sanitiser.file, kind: 'fileSanitiser', zone: 'in-0' }, { id: sanitiser.screen, kind: 'screenTransfer', zone: 'in-0' });
  for (let i = out.length; i < nodes; i++) {
    const site = i % SITES;
    const x = r();
    if (x < 0.2) {
      bySeg.mn.push(out.length);
      out.push({ id: `n${i}`, kind: x < 0.17 ? 'terminal' : 'server', zone: `mn-${site}`, name: `住民系 ${i}`, auth: ['password', 'icCard'], mediaExportBlocked: true });
    } else if (x < 0.7) {
      bySeg.lg.push(out.length);
      out.push({ id: `n${i}`, kind: x < 0.6 ? 'terminal' : 'server', zone: `lg-${site}`, name: `内部事務 ${i}`, auth: ['password', 'icCard'] });
    } else if (x < 0.95) {
      bySeg.in.push(out.length);
      out.push({ id: `n${i}`, kind: x < 0.9 ? 'terminal' : 'server', zone: `in-${site}`, name: `インターネット系 ${i}` });
    } else {
      bySeg.gc.push(out.length);
      out.push({ id: `n${i}`, kind: 'cloudArea', zone: 'gc', name: `標準準拠システム ${i}`, adminAuth: ['password', 'otpToken'] });
    }
  }
  const pick = (list: number[]) => out[list[Math.floor(r() * list.length)]].id;
  const ls: LinkDef[] = [];
  const pair = (a: number[], b: number[]): [string, string] => {
    const from = pick(a);
    let to = pick(b);
    while (to === from) to = pick(b);
    return [from, to];
  };
  // Government Cloud areas belong to the My Number segment: only My Number nodes use them.
  for (let i = 0; i < links - 3; i++) {
    const x = r();
    if (x < 0.18) { const [from, to] = pair(bySeg.mn, bySeg.mn); ls.push({ from, to, purpose: 'business' }); }
    else if (x < 0.2) ls.push({ from: pick(bySeg.mn), to: pick(bySeg.gc), purpose: 'business', encrypted: true });
    else if (x < 0.205) ls.push({ from: pick(bySeg.mn), to: r() < 0.5 ? 'juki' : 'chukan', purpose: 'designated', ports: [443], restriction: { addresses: true, ports: true } });
    else if (x < 0.6) { const [from, to] = pair(bySeg.lg, bySeg.lg); ls.push({ from, to, purpose: r() < 0.8 ? 'business' : 'mail' }); }
    else if (x < 0.65) ls.push({ from: pick(bySeg.lg), to: pick(bySeg.in), purpose: 'web', via: [sanitiser.screen] });
    else if (x < 0.67) ls.push({ from: pick(bySeg.in), to: pick(bySeg.lg), purpose: 'mail', via: [sanitiser.mail] });
    else if (x < 0.69) ls.push({ from: pick(bySeg.in), to: pick(bySeg.lg), purpose: 'fileTransfer', via: [sanitiser.file] });
    else if (x < 0.695) ls.push({ from: pick(bySeg.lg), to: 'asp', purpose: 'updates' });
    else if (x < 0.96) { const [from, to] = pair(bySeg.in, bySeg.in); ls.push({ from, to, purpose: 'business' }); }
    else ls.push({ from: pick(bySeg.in), to: 'sc', purpose: 'web' });
  }
  // Planted violations: an LGWAN server browsing directly, a My Number terminal with an open
  // link to the internet segment, an update server fetching from the internet.
  ls.push({ id: 'planted-web', from: pick(bySeg.lg), to: 'sc', purpose: 'web' });
  ls.push({ id: 'planted-mn', from: pick(bySeg.mn), to: pick(bySeg.in), purpose: 'business' });
  ls.push({ id: 'planted-updates', from: pick(bySeg.lg), to: 'net', purpose: 'updates' });
  return { format: 'shirube-network/1', model: 'alpha', edition: 'R8.3', organization: { name: 'ベンチマーク用の架空の団体', csirt: true }, zones, nodes: out, links: ls };
}

/** The planted violations (see generate()) and the rule that must report each, on its link. */
const PLANTED = [
  { link: 'planted-web', rule: 'NW-LG-03' },
  { link: 'planted-mn', rule: 'NW-MN-02' },
  { link: 'planted-updates', rule: 'NW-UP-01' },
];
/** Reachability rules: the planted links open paths that these report on the nodes at their ends. */
const REACHABILITY = new Set(['NW-MN-01', 'NW-LG-01']);

/** Wall-clock and CPU time (user + system, all threads of the process) of one call, in ms. */
function time<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [v, wall, (c.user + c.system) / 1000];
}

const dir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-network-'));
const file = path.join(dir, 'model.json');
try {
  const [model, genMs] = time(() => generate(NODES, LINKS));
  writeFileSync(file, JSON.stringify(model));
  const text = readFileSync(file, 'utf8');
  process.stdout.write(`model: ${model.nodes.length.toLocaleString('en')} nodes, ${model.links?.length.toLocaleString('en')} links, ${model.zones.length} zones; file ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB (generated in ${genMs.toFixed(0)} ms)\n`);

  // The ratio method of bench/lib.ts: a warm-up round (JIT, ajv compile), then ≥ 5 interleaved
  // rounds of JSON.parse (the baseline) and the check, in alternating order; median of the
  // per-round ratios and their spread. The check's own input is parsed outside its timing.
  const parseCpu: number[] = [];
  const checkCpu: number[] = [];
  let last: ReturnType<typeof checkGraph> | undefined;
  const rounds = await interleaved(
    {
      parse: () => {
        const [, ms, cpu] = time(() => JSON.parse(text) as unknown);
        parseCpu.push(cpu);
        return ms;
      },
      check: () => {
        const data = JSON.parse(text) as unknown;
        const [result, ms, cpu] = time(() => checkGraph(validateModel(sourceFromData(data)), { edition: 'R8.3' }));
        checkCpu.push(cpu);
        last = result;
        return ms;
      },
    },
    { rounds: RUNS },
  );
  if (!last) throw new Error('the check never ran');
  // The model is clean except for the planted violations: each must be found, by its rule, on its
  // link, and nothing else may be an error except the reachability the planted links open.
  const errors = last.findings.filter((f) => f.severity === 'error');
  const missing = PLANTED.filter((p) => !errors.some((f) => f.ruleId === p.rule && f.element.type === 'link' && f.element.id === p.link));
  const unexpected = errors.filter((f) => !PLANTED.some((p) => p.rule === f.ruleId && f.element.id === p.link) && !REACHABILITY.has(f.ruleId));
  if (missing.length || unexpected.length) {
    process.stderr.write(`network check FAILED to report the planted violations as expected\n`);
    for (const p of missing) process.stderr.write(`  missing: ${p.rule} on link ${p.link}\n`);
    for (const f of unexpected) process.stderr.write(`  unexpected error: ${f.ruleId} on ${f.element.type} ${f.element.id}\n`);
    process.exit(1);
  }
  process.stdout.write(`planted violations found: ${PLANTED.map((p) => `${p.rule} on ${p.link}`).join(', ')}; ${errors.length - PLANTED.length} reachability error(s) they cause\n`);
  const findings = last.summary.total;
  const summary = `error ${last.summary.error}, warning ${last.summary.warning}, info ${last.summary.info}`;
  const parseTimes = rounds.parse;
  const checkTimes = rounds.check;
  const RUNS_DONE = parseTimes.length;
  const [, cliMs] = time(() => {
    const src = parseSource(text, file);
    return checkGraph(validateModel(src), { edition: 'R8.3', source: src });
  });
  const parse = median(parseTimes);
  const check = median(checkTimes);
  const ratioSpread = ratioOf(rounds, 'check', 'parse');
  const ratio = ratioSpread.median;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  const [load1] = (await import('node:os')).loadavg();
  process.stdout.write(`findings: ${findings} (${summary})\n`);
  process.stdout.write(`JSON.parse of the file:            ${parse.toFixed(0)} ms (median of ${RUNS_DONE}: ${parseTimes.map((x) => x.toFixed(0)).join(', ')})\n`);
  process.stdout.write(`check (schema, graph, all rules):  ${check.toFixed(0)} ms (median of ${RUNS_DONE}: ${checkTimes.map((x) => x.toFixed(0)).join(', ')})  target ≤ 2000 ms  ${check <= 2000 ? 'OK' : 'OVER'}\n`);
  process.stdout.write(`ratio check / JSON.parse:          ${fmtSpread(ratioSpread)}×  target ≤ 3×  ${ratio <= 3 ? 'OK' : 'OVER'}\n`);
  process.stdout.write(`CPU time (user+sys), medians:       JSON.parse ${median(parseCpu.slice(1)).toFixed(0)} ms, check ${median(checkCpu.slice(1)).toFixed(0)} ms, ratio ${fmtSpread(spread(checkCpu.slice(1).map((c, i) => c / parseCpu[i + 1])))}×\n`);
  process.stdout.write(`machine load average (1 min) at the end: ${load1.toFixed(2)} on ${(await import('node:os')).cpus().length} cores\n`);
  process.stdout.write(`whole CLI path from text (parse, check, file positions): ${cliMs.toFixed(0)} ms\n`);
  process.stdout.write(`peak memory (max RSS):             ${peakMiB.toFixed(0)} MiB  target ≤ 2048 MiB  ${peakMiB <= 2048 ? 'OK' : 'OVER'}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
