// Satellites live: the whole catalog moving on a world map, the ISS's ground track and
// the night side. Positions come from /api/satellites/positions in 10-minute batches;
// between their instants the browser only interpolates for drawing.
import { api, params, setParams, h, table, fmt, utc, showError, observerInputs } from '/assets/app.js';
import { setup } from '/assets/plot.js';

const W = 1000, H = 500, STEP_S = 120, SPAN = '10min';
const X = lon => (lon + 180) / 360 * W, Y = lat => (90 - lat) / 180 * H;

export async function render(main) {
  const p = params();
  const obs = await observerInputs(p, () => setParams({ ...obs.value(), at: p.at, speed: speed.value }));
  const speed = h('select', { name: 'speed' }, ['1', '10', '60'].map(s => h('option', { value: s, selected: s === (p.speed ?? '1') }, `×${s}`)));
  const canvas = h('canvas', { 'data-testid': 'map' });
  const clock = h('span', { 'data-testid': 'clock' });
  const iss = h('span', { 'data-testid': 'iss-position' });
  const fpsEl = h('span', { 'data-testid': 'fps' });
  const info = h('div', { class: 'card', id: 'sat-info' }, h('span', { class: 'muted' }, 'Click a satellite to see what it is and its next passes over the observer.'));
  const note = h('p', { class: 'muted' });
  main.append(h('h1', {}, 'Satellites live'),
    h('form', { class: 'inputs', onsubmit: e => e.preventDefault() }, obs.nodes, h('label', {}, 'Speed', speed)),
    h('div', { class: 'card kv' }, h('div', {}, h('span', {}, 'UTC'), clock), h('div', {}, h('span', {}, 'ISS'), iss), h('div', {}, h('span', {}, 'frames/s'), fpsEl)),
    canvas, note, info);
  const ctx = setup(canvas, W, H);

  // Simulated clock: starts at ?at= (or now) and runs at the chosen speed.
  const t0 = p.at ? Date.parse(p.at) : Date.now();
  if (Number.isNaN(t0)) { showError(new Error(`at: not an instant: ${p.at}`)); return; }
  let simStart = t0, wallStart = performance.now();
  speed.addEventListener('change', () => { simStart = simNow(); wallStart = performance.now(); setParams({ ...obs.value(), at: p.at, speed: speed.value }); });
  const simNow = () => simStart + (performance.now() - wallStart) * Number(speed.value);
  const iso = ms => new Date(ms).toISOString();

  const [coast, health] = await Promise.all([api('/api/coastlines'), api('/api/health')]);
  const land = document.createElement('canvas'); land.width = W; land.height = H;
  const lc = land.getContext('2d'); lc.fillStyle = '#0b2540'; lc.fillRect(0, 0, W, H); lc.fillStyle = '#1f3b2b'; lc.strokeStyle = '#3d6b4f';
  for (const ring of coast.rings) { lc.beginPath(); ring.forEach(([lo, la], i) => i ? lc.lineTo(X(lo), Y(la)) : lc.moveTo(X(lo), Y(la))); lc.closePath(); lc.fill(); lc.stroke(); }
  note.textContent = `${health.satellites} satellites of the ${health.catalog}; the map interpolates between positions Orrery computes every ${STEP_S} s.`;

  // Batches of positions: {t0 (ms), lat[k][i], lon[k][i], alt[k][i], names, ids}.
  let cur = null, next = null, loading = false;
  async function load(fromMs) {
    const b = await api('/api/satellites/positions', { from: iso(fromMs), span: SPAN, step: `${STEP_S}s` });
    return { t0: Date.parse(b.times_utc[0]), n: b.times_utc.length, lat: b.lat_deg, lon: b.lon_deg, alt: b.alt_km, names: b.names, ids: b.norad_ids };
  }
  const issIndex = b => b.ids.indexOf(25544);
  let sun = null, track = [];
  async function refreshSunAndTrack(ms) {
    sun = await api('/api/sun', { at: iso(ms) });
    const t = await api('/api/track', { sat: '25544', from: iso(ms - 45 * 60e3), span: '3h', step: '60s' }).catch(() => null);
    track = t ? t.track.map(q => [q.lon_deg, q.lat_deg]) : [];
  }
  try { cur = await load(simNow()); await refreshSunAndTrack(simNow()); } catch (e) { showError(e); return; }
  let lastSun = simNow();

  function position(b, i, ms) {
    const f = (ms - b.t0) / (STEP_S * 1e3), k = Math.min(Math.max(Math.floor(f), 0), b.n - 2), u = Math.min(Math.max(f - k, 0), 1);
    const la0 = b.lat[k][i], la1 = b.lat[k + 1][i], lo0 = b.lon[k][i], lo1 = b.lon[k + 1][i];
    if (la0 === null || la1 === null) return null;
    let d = lo1 - lo0; if (d > 180) d -= 360; if (d < -180) d += 360;
    let lon = lo0 + d * u; if (lon > 180) lon -= 360; if (lon < -180) lon += 360;
    return [lon, la0 + (la1 - la0) * u, b.alt[k][i]];
  }

  function night() {
    if (!sun) return;
    const ls = sun.subsolar_lat_deg * Math.PI / 180, los = sun.subsolar_lon_deg;
    ctx.fillStyle = 'rgba(0,0,0,0.45)'; ctx.beginPath();
    const t = Math.tan(Math.abs(ls) < 1e-4 ? 1e-4 : ls);
    for (let lon = -180; lon <= 180; lon += 2) {
      const lat = Math.atan(-Math.cos((lon - los) * Math.PI / 180) / t) * 180 / Math.PI;
      lon === -180 ? ctx.moveTo(X(lon), Y(lat)) : ctx.lineTo(X(lon), Y(lat));
    }
    const pole = ls > 0 ? -90 : 90; ctx.lineTo(X(180), Y(pole)); ctx.lineTo(X(-180), Y(pole)); ctx.closePath(); ctx.fill();
  }

  let frames = 0, fpsT = performance.now(), drawn = [];
  window.__orreryFrames = 0;
  function frame() {
    const ms = simNow();
    if (!loading && cur && ms > cur.t0 + (cur.n - 3) * STEP_S * 1e3 && !next) {
      loading = true; load(cur.t0 + (cur.n - 2) * STEP_S * 1e3).then(b => { next = b; }).catch(showError).finally(() => { loading = false; });
    }
    if (next && ms >= next.t0) { cur = next; next = null; }
    if (ms - lastSun > 60e3) { lastSun = ms; refreshSunAndTrack(ms).catch(showError); }
    ctx.drawImage(land, 0, 0, W, H);
    night();
    // The ISS's ground track, split where it crosses the antimeridian.
    ctx.strokeStyle = '#f85149'; ctx.lineWidth = 1.2; ctx.beginPath();
    track.forEach(([lo, la], i) => { (i && Math.abs(lo - track[i - 1][0]) < 180) ? ctx.lineTo(X(lo), Y(la)) : ctx.moveTo(X(lo), Y(la)); }); ctx.stroke();
    drawn = [];
    const n = cur.ids.length;
    for (let i = 0; i < n; i++) {
      const q = position(cur, i, ms); if (!q) continue;
      const x = X(q[0]), y = Y(q[1]);
      ctx.fillStyle = q[2] > 30000 ? '#f0883e' : q[2] > 3000 ? '#79c0ff' : '#c9d1d9';
      ctx.fillRect(x - 0.8, y - 0.8, 1.6, 1.6);
      drawn.push(x, y, i);
    }
    const k = issIndex(cur), q = k >= 0 ? position(cur, k, ms) : null;
    if (q) {
      ctx.fillStyle = '#f85149'; ctx.beginPath(); ctx.arc(X(q[0]), Y(q[1]), 5, 0, 7); ctx.fill();
      iss.textContent = `${fmt(q[1], 2)}°, ${fmt(q[0], 2)}°, ${fmt(q[2], 0)} km`;
    }
    clock.textContent = utc(iso(ms));
    frames++; window.__orreryFrames++;
    const now = performance.now();
    if (now - fpsT > 1000) { window.__orreryFps = frames * 1000 / (now - fpsT); fpsEl.textContent = fmt(window.__orreryFps, 0); frames = 0; fpsT = now; }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);

  canvas.addEventListener('click', async ev => {
    const r = canvas.getBoundingClientRect(), x = (ev.clientX - r.left) * W / r.width, y = (ev.clientY - r.top) * H / r.height;
    let best = -1, bd = 64;
    for (let j = 0; j < drawn.length; j += 3) { const d = (drawn[j] - x) ** 2 + (drawn[j + 1] - y) ** 2; if (d < bd) { bd = d; best = drawn[j + 2]; } }
    if (best < 0) return;
    const id = cur.ids[best];
    info.replaceChildren(h('b', { 'data-testid': 'picked' }, `${cur.names[best]} (NORAD ${id})`), h('p', { class: 'muted' }, 'Next passes…'));
    try {
      const r2 = await api('/api/passes', { ...obs.value(), sats: String(id), from: iso(simNow()), span: '2d' });
      info.append(table(['rise (UTC)', 'max el [deg]', 'set (UTC)', 'visible'], r2.passes.slice(0, 8).map(p =>
        [utc(p.rise?.time_utc), fmt(p.culmination.elevation_deg, 0), utc(p.set?.time_utc), p.visibility?.visible ? 'yes' : 'no'])));
      if (!r2.passes.length) info.append(h('p', {}, `No pass over ${r2.observer} in the next two days.`));
    } catch (e) { showError(e); }
  });
}
