// End-to-end tests of the dashboard in a real browser: Debian's Chromium, driven by
// playwright-core, against a running `orrery serve`. Each page must load without
// console errors and show the same numbers as the `orrery` command line for the same
// inputs. Screenshots go to $ORRERY_SCREENSHOTS (default target/dashboard-screenshots);
// the figures measured (load time, frame rate) are printed and written to
// figures.json there.
//
//   ORRERY_BIN=target/debug/orrery CHROMIUM=/usr/bin/chromium node --test dashboard.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const bin = path.resolve(root, process.env.ORRERY_BIN ?? 'target/debug/orrery');
const shots = path.resolve(root, process.env.ORRERY_SCREENSHOTS ?? 'target/dashboard-screenshots');
const catalog = path.join(root, 'crates/orrery-sat/data/celestrak-active-2026-05-07.txt');
mkdirSync(shots, { recursive: true });

let server, base, browser;
const figures = {};

function cli(...args) {
  return JSON.parse(execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 256 << 20 }));
}

before(async () => {
  server = spawn(bin, ['serve', '--port', '0', '--catalog', catalog], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', d => { out += d; const m = out.match(/http:\/\/[^/\s]+\//); if (m) resolve(m[0].replace(/\/$/, '')); });
    server.on('exit', c => reject(new Error(`orrery serve exited with ${c}`)));
    setTimeout(() => reject(new Error('orrery serve did not print its URL')), 60_000);
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run', '--disable-extensions'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  writeFileSync(path.join(shots, 'figures.json'), JSON.stringify(figures, null, 2));
  console.log('dashboard figures:', JSON.stringify(figures));
});

/** CPU time the server has used, seconds (Linux /proc). */
function serverCpuSeconds() {
  try {
    const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, clock ticks of 1/100 s
  } catch { return NaN; }
}

/** A page whose console errors are collected (`allow`: messages that are expected). */
async function open(url, allow = []) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
  const errors = [];
  page.on('console', m => { if (m.type() === 'error' && !allow.some(a => m.text().includes(a))) errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(base + url);
  await page.waitForFunction(() => window.__orreryReady === true, null, { timeout: 120_000 });
  return { page, errors };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `dashboard-${name}.png`), fullPage: false });
}

test('sky tonight: the almanac and the ISS passes of the CLI', async () => {
  const { page, errors } = await open('/sky?city=Paris&night=2026-05-08&sats=25544');
  const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return { interactive_ms: n.domInteractive, load_ms: n.loadEventEnd }; });
  figures.sky_page = nav;
  await page.waitForSelector('[data-testid=pass-rise]', { timeout: 120_000 });
  const rises = await page.$$eval('[data-testid=pass-rise]', els => els.map(e => e.dataset.utc));
  // The night of 8 May in Paris starts at local noon, 10:00 UTC.
  const rows = cli('passes', '25544', '--catalog', catalog, '--city', 'Paris', '--from', '2026-05-08T10:00:00Z', '--span', '1d', '--visible-only', '--format', 'json');
  assert.deepEqual(rises, rows.map(r => r.rise.time_utc));
  assert.ok(rises.length >= 1);
  const sunset = await page.textContent('[data-testid=event-sun-set]');
  const alm = cli('sky', '--city', 'Paris', '--night', '2026-05-08', '--format', 'json');
  const cliSunset = alm.events.find(e => e.body === 'sun' && e.kind === 'set').time_utc;
  assert.equal(sunset, cliSunset.replace('T', ' ').replace(/\.\d+Z$/, ''));
  await shot(page, 'sky');
  assert.deepEqual(errors, []);
  await page.close();
});

test('satellites live: the catalog moves, the ISS is where the CLI says, a click names it', async () => {
  const { page, errors } = await open('/live?city=Paris&at=2026-05-07T12:00:00Z');
  await page.waitForFunction(() => document.querySelector('[data-testid=iss-position]')?.textContent.length > 0, null, { timeout: 120_000 });
  const first = await page.textContent('[data-testid=iss-position]');
  const f0 = await page.evaluate(() => window.__orreryFrames);
  const cpu0 = serverCpuSeconds(), w0 = performance.now();
  await page.waitForTimeout(3000);
  const second = await page.textContent('[data-testid=iss-position]');
  const f1 = await page.evaluate(() => window.__orreryFrames);
  assert.notEqual(first, second, 'the ISS did not move');
  figures.live_fps = (f1 - f0) / 3;
  figures.live_server_cores = (serverCpuSeconds() - cpu0) / ((performance.now() - w0) / 1000);
  assert.ok(f1 > f0, 'no frame drawn');
  // Where the map's clock says, the CLI's track puts the ISS within 0.5° of the map
  // (the map interpolates linearly between positions two minutes apart).
  const clock = await page.textContent('[data-testid=clock]');
  const [lat, lon] = (await page.textContent('[data-testid=iss-position]')).split(',').map(parseFloat);
  const t = clock.replace(' ', 'T') + 'Z';
  const tr = cli('track', '25544', '--catalog', catalog, '--at', t, '--span', '1s', '--step', '1s', '--format', 'json');
  const p = tr.track[0];
  assert.ok(Math.abs(p.lat_deg - lat) < 0.5 && Math.abs(((p.lon_deg - lon + 540) % 360) - 180) < 0.5, `${lat},${lon} vs ${p.lat_deg},${p.lon_deg}`);
  // Click on the ISS: the panel names it.
  const [la, lo] = (await page.textContent('[data-testid=iss-position]')).split(',').map(parseFloat);
  const box = await page.locator('[data-testid=map]').boundingBox();
  await page.mouse.click(box.x + (lo + 180) / 360 * box.width, box.y + (90 - la) / 180 * box.height);
  await page.waitForSelector('[data-testid=picked]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=picked]'), /ISS|25544|\(NORAD/);
  await shot(page, 'live');
  assert.deepEqual(errors, []);
  await page.close();
});

test('mars windows: the porkchop minimum is the CLI\'s', async () => {
  const { page, errors } = await open('/mars?from=earth&to=mars&depart=2020-06-01..2020-09-30&arrive=2020-12-01..2021-06-30&step=2d&windows_from=2026-01-01');
  await page.waitForSelector('[data-testid=min-c3][data-value]', { timeout: 120_000 });
  const c3 = Number(await page.getAttribute('[data-testid=min-c3]', 'data-value'));
  const g = cli('porkchop', 'earth', 'mars', '--depart', '2020-06-01..2020-09-30', '--arrive', '2020-12-01..2021-06-30', '--step', '2d', '--format', 'json');
  const cliMin = Math.min(...g.cells.filter(c => c.status === 'ok').map(c => c.c3_km2_s2));
  assert.ok(Math.abs(c3 - cliMin) < 1e-9, `${c3} vs ${cliMin}`);
  // Hover shows the numbers of a cell; the budget of the least-C3 transfer is drawn.
  const box = await page.locator('[data-testid=porkchop]').boundingBox();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
  await page.waitForSelector('table >> text=total', { timeout: 120_000 });
  await page.waitForSelector('text=least C3: departure', { timeout: 120_000 });
  await shot(page, 'mars');
  assert.deepEqual(errors, []);
  await page.close();
});

test('exoplanets: WASP-126 b at the CLI\'s period; a corrupt FITS is a clear error', async () => {
  const { page, errors } = await open('/exoplanets?sample=wasp-126&period_min_days=1&period_max_days=8&max_planets=1',
    ['status of 400']);
  await page.waitForSelector('[data-testid=candidate-period]', { timeout: 300_000 });
  const period = Number(await page.getAttribute('[data-testid=candidate-period]', 'data-value'));
  const r = cli('transit', 'search', '--period-min', '1d', '--period-max', '8d', '--max-planets', '1', '--format', 'json');
  const doc = Array.isArray(r) ? r[0] : r;
  const cliPeriod = doc.candidates[0].period_days;
  assert.ok(Math.abs(period / cliPeriod - 1) < 1e-9, `${period} vs ${cliPeriod}`);
  assert.ok(Math.abs(period / 3.28879 - 1) < 1e-3);
  await shot(page, 'exoplanets');
  const broken = readFileSync(path.join(root, 'crates/orrery-transit/data/tess2018206045859-s0001-0000000025155310-0120-s_lc.fits')).subarray(0, 30_000);
  await page.setInputFiles('[data-testid=upload]', { name: 'broken.fits', mimeType: 'application/fits', buffer: broken });
  await page.waitForSelector('#error:not([hidden])', { timeout: 30_000 });
  assert.match(await page.textContent('#error'), /broken\.fits/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('three-body: the 9:2 NRHO period is the CLI\'s', async () => {
  const { page, errors } = await open('/three-body?system=earth-moon&kind=nrho');
  await page.waitForSelector('[data-testid=period-days]', { timeout: 120_000 });
  const p = Number(await page.getAttribute('[data-testid=period-days]', 'data-value'));
  const o = cli('cr3bp', 'orbit', 'nrho', '--format', 'json');
  assert.ok(Math.abs(p - o.physical.period_days) < 1e-9, `${p} vs ${o.physical.period_days}`);
  await shot(page, 'three-body-nrho');
  await page.goto(base + '/three-body?system=earth-moon&kind=halo&point=L2&branch=south&members=30');
  await page.waitForFunction(() => document.querySelector('[data-testid=member]')?.max > 0, null, { timeout: 120_000 });
  await page.locator('[data-testid=member]').fill('20');
  await page.waitForSelector('[data-testid=stability]');
  await shot(page, 'three-body');
  assert.deepEqual(errors, []);
  await page.close();
});
