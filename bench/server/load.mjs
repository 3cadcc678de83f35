// A bounded load test of `orrery serve` on loopback: a fixed number of concurrent
// clients for a fixed time, mixing cheap API calls with heavy ones (a day of ISS passes
// over a city, a 200 × 200 porkchop, an almanac, a ground track). Prints requests per
// second, p50/p99 latency overall and per heavy endpoint, answers by status, and the
// server's peak resident memory; fails on any 5xx other than the documented 503 time
// limit, on a transport error, or if the server dies.
//
//   node bench/server/load.mjs [--clients 8] [--seconds 30] [--bin target/release/orrery]

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const clients = Number(arg('clients', 8)), seconds = Number(arg('seconds', 30));
const bin = path.resolve(root, arg('bin', process.env.ORRERY_BIN ?? 'target/release/orrery'));
const out = path.resolve(root, arg('out', 'target/dashboard-screenshots/load.json'));
const catalog = path.join(root, 'crates/orrery-sat/data/celestrak-active-2026-05-07.txt');

const cities = ['Paris', 'Tokyo', 'New York', 'Sydney', 'Tromso', 'Cape Town', 'Santiago', 'Toronto'];
const pick = a => a[Math.floor(Math.random() * a.length)];
const cheap = [
  () => ['health', '/api/health'],
  () => ['cities', '/api/cities'],
  () => ['time', `/api/time?at=2026-05-0${1 + Math.floor(Math.random() * 9)}T12:00:00Z`],
  () => ['sun', '/api/sun?at=2026-05-07T12:00:00Z'],
  () => ['satellites?q', `/api/satellites?q=${pick(['ISS', 'HST', 'NOAA 19', '25544', 'STARLINK-1008'])}`],
  () => ['bad input', '/api/sky?city=Atlantis'],
];
const heavy = [
  () => ['passes', `/api/passes?sats=25544&city=${encodeURIComponent(pick(cities))}&from=2026-05-08T00:00:00Z&span=1d&paths=true`],
  () => ['porkchop 200x200', '/api/porkchop?from=earth&to=mars&depart=2020-05-01..2020-09-30&arrive=2020-11-01..2021-09-30&n=200'],
  () => ['sky', `/api/sky?city=${encodeURIComponent(pick(cities))}&night=2026-05-08`],
  () => ['track', '/api/track?sat=25544&from=2026-05-07T12:00:00Z&span=3h&step=30s'],
];

const server = spawn(bin, ['serve', '--port', '0', '--catalog', catalog], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let s = '';
  server.stdout.on('data', d => { s += d; const m = s.match(/http:\/\/[^/\s]+/); if (m) resolve(m[0]); });
  server.on('exit', c => reject(new Error(`orrery serve exited with ${c}`)));
  setTimeout(() => reject(new Error('orrery serve did not start')), 60_000);
});
let died = false;
server.on('exit', () => { died = true; });

const rssKb = () => { try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]); } catch { return 0; } };
let peakRss = rssKb();
const memTimer = setInterval(() => { peakRss = Math.max(peakRss, rssKb()); }, 200);

const lat = {}, statuses = {}, failures = [];
const t0 = performance.now(), end = t0 + seconds * 1000;
async function client() {
  while (performance.now() < end) {
    const [name, url] = (Math.random() < 0.3 ? pick(heavy) : pick(cheap))();
    const a = performance.now();
    try {
      const r = await fetch(base + url);
      await r.arrayBuffer();
      const ms = performance.now() - a;
      (lat[name] ??= []).push(ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status >= 500 && r.status !== 503) failures.push(`${r.status} ${url}`);
    } catch (e) { failures.push(`${e} ${url}`); }
  }
}
await Promise.all(Array.from({ length: clients }, client));
const wall = (performance.now() - t0) / 1000;
clearInterval(memTimer);
const alive = !died;
server.kill('SIGINT');

const q = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const all = Object.values(lat).flat();
const per = Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, { n: v.length, p50_ms: +q(v, 0.5).toFixed(1), p99_ms: +q(v, 0.99).toFixed(1) }]));
const report = {
  clients, seconds: +wall.toFixed(1), requests: all.length, requests_per_s: +(all.length / wall).toFixed(1),
  p50_ms: +q(all, 0.5).toFixed(1), p99_ms: +q(all, 0.99).toFixed(1), statuses, peak_rss_mib: +(peakRss / 1024).toFixed(1),
  per_endpoint: per, failures: failures.slice(0, 10), server_alive: alive,
};
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
if (failures.length || !alive) { console.error(`load test failed: ${failures.length} failures, server alive: ${alive}`); process.exit(1); }
