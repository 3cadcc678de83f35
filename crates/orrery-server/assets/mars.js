// Mars windows: an interactive porkchop (/api/porkchop), the heliocentric trajectory of
// the transfer clicked (/api/transfer), its mission budget (/api/budget) and the launch
// windows of the coming years (/api/windows).
import { api, params, setParams, h, table, fmt, utc, showError } from '/assets/app.js';
import { heatmap, chart, setup } from '/assets/plot.js';

const day = s => s.slice(0, 10);

export async function render(main) {
  const p = params();
  const inp = (name, value, attrs = {}) => h('input', { name, value, ...attrs });
  const from = inp('from', p.from ?? 'earth', { size: 7 }), to = inp('to', p.to ?? 'mars', { size: 7 });
  const [d0, d1] = (p.depart ?? '2026-08-01..2027-01-31').split('..');
  const [a0, a1] = (p.arrive ?? '2027-03-01..2028-03-01').split('..');
  const dep0 = inp('d0', d0, { type: 'date' }), dep1 = inp('d1', d1, { type: 'date' });
  const arr0 = inp('a0', a0, { type: 'date' }), arr1 = inp('a1', a1, { type: 'date' });
  const n = h('select', { name: 'n' }, ['100', '150', '200'].map(v => h('option', { value: v, selected: v === (p.n ?? '150') }, `${v} × ${v}`)));
  const pc = h('canvas', { 'data-testid': 'porkchop' }), traj = h('canvas', {});
  const summary = h('div', { class: 'card kv', 'data-testid': 'porkchop-summary' });
  const pick = h('div', { class: 'card' }, h('span', { class: 'muted' }, 'Hover the porkchop for a transfer\'s numbers; click to pick it.'));
  const dry = inp('dry', '1000', { size: 6 }), isp = inp('isp', '320', { size: 5 });
  const budgetOut = h('div', {}), windowsOut = h('div', {}, h('p', { class: 'muted' }, 'Searching the launch windows of the next four years…'));
  const tip = h('div', { class: 'tooltip', hidden: true });
  main.append(h('h1', {}, 'Mars windows'),
    h('form', { class: 'inputs', onsubmit: e => { e.preventDefault(); go(); } },
      h('label', {}, 'From', from), h('label', {}, 'To', to),
      h('label', {}, 'Departures from', dep0), h('label', {}, 'to', dep1),
      h('label', {}, 'Arrivals from', arr0), h('label', {}, 'to', arr1), h('label', {}, 'Grid', n), h('button', {}, 'Compute')),
    summary, h('div', { class: 'grid2' }, h('div', {}, pc), h('div', {}, pick, traj,
      h('h2', {}, 'Mission budget'), h('form', { class: 'inputs', onsubmit: e => { e.preventDefault(); budget(); } },
        h('label', {}, 'Dry mass [kg]', dry), h('label', {}, 'Isp [s]', isp), h('button', {}, 'Budget')), budgetOut)),
    h('h2', {}, 'Launch windows'), windowsOut, tip);

  n.addEventListener("change", () => { p.step = undefined; });
  let grid = null, chosen = null;
  async function go() {
    const q = { from: from.value, to: to.value, depart: `${dep0.value}..${dep1.value}`, arrive: `${arr0.value}..${arr1.value}` };
    // A grid spacing from the URL (`step=2d`, as `orrery porkchop --step`) wins over the grid size.
    if (p.step) q.step = p.step; else q.n = n.value;
    setParams(q);
    summary.replaceChildren(h('span', { class: 'muted' }, 'Computing the porkchop…'));
    showError(null);
    try { grid = await api('/api/porkchop', q); } catch (e) { summary.replaceChildren(); showError(e); return; }
    draw();
    const m = grid.min_c3;
    summary.replaceChildren(
      h('div', {}, h('span', {}, 'Least C3'), h('b', { 'data-testid': 'min-c3', 'data-value': m?.c3_km2_s2 ?? '' }, m ? `${fmt(m.c3_km2_s2, 3)} km²/s²` : 'none')),
      h('div', {}, h('span', {}, 'departure'), m ? day(m.departure_utc) : '–'), h('div', {}, h('span', {}, 'arrival'), m ? day(m.arrival_utc) : '–'),
      h('div', {}, h('span', {}, 'v∞ at arrival'), m ? `${fmt(m.vinf_arrival_km_s, 3)} km/s` : '–'),
      h('div', {}, h('span', {}, 'ephemeris'), grid.ephemeris), ...grid.warnings.map(w => h('div', { class: 'warn' }, w)));
    if (m) choose(m.departure_utc, m.arrival_utc);
  }

  function draw() {
    const z = grid.c3_km2_s2, vals = z.flat().filter(v => v !== null);
    const lo = Math.min(...vals), hi = lo * 4;
    const scale = v => Math.log(Math.min(v, hi) / lo) / Math.log(hi / lo);
    const ticks = [lo, lo * 1.5, lo * 2, lo * 3, hi].map(v => [fmt(v, 1), scale(v)]);
    const D = grid.departures_utc, A = grid.arrivals_utc;
    const m = heatmap(pc, z.map(r => r.map(v => v === null ? null : 1 - scale(v) < 0 ? null : v)), {
      scale: v => 1 - scale(v), barTicks: ticks.map(([l, t]) => [l, 1 - t]),
      xlabel: 'departure', ylabel: 'arrival', ylabelOffset: 80, xfmt: i => day(D[Math.round(i)] ?? ''), yfmt: j => day(A[Math.round(j)] ?? '').slice(0, 7),
    });
    pc.onmousemove = ev => {
      const r = pc.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
      const i = Math.round((x - m.box.x) / m.box.w * (m.nx - 1)), j = Math.round((1 - (y - m.box.y) / m.box.h) * (m.ny - 1));
      if (i < 0 || j < 0 || i >= m.nx || j >= m.ny || grid.c3_km2_s2[i][j] === null) { tip.hidden = true; return; }
      tip.hidden = false; tip.style.left = ev.clientX + 14 + 'px'; tip.style.top = ev.clientY + 10 + 'px';
      tip.textContent = `depart  ${day(D[i])}\narrive  ${day(A[j])}\nC3      ${fmt(grid.c3_km2_s2[i][j], 2)} km²/s²\nv∞ arr  ${fmt(grid.vinf_arrival_km_s[i][j], 2)} km/s\ntof     ${fmt(grid.tof_days[i][j], 0)} d\nΔv      ${fmt(grid.dv_total_km_s[i][j], 2)} km/s`;
    };
    pc.onmouseleave = () => { tip.hidden = true; };
    pc.onclick = () => { if (!tip.hidden) { const r = tip.textContent.split('\n'); choose(r[0].split(/\s+/)[1], r[1].split(/\s+/)[1]); } };
  }

  async function choose(dep, arr) {
    try {
      const t = await api('/api/transfer', { from: from.value, to: to.value, depart: dep, arrive: arr });
      const i = grid.departures_utc.findIndex(d => day(d) === day(dep)), j = grid.arrivals_utc.findIndex(a => day(a) === day(arr));
      chosen = { dep, arr, c3: grid.c3_km2_s2[i]?.[j], vinf: grid.vinf_arrival_km_s[i]?.[j], tof: grid.tof_days[i]?.[j] };
      pick.replaceChildren(h('div', { class: 'kv' },
        h('div', {}, h('span', {}, 'departure'), day(dep)), h('div', {}, h('span', {}, 'arrival'), day(arr)),
        h('div', {}, h('span', {}, 'C3'), `${fmt(chosen.c3, 2)} km²/s²`), h('div', {}, h('span', {}, 'v∞ arrival'), `${fmt(chosen.vinf, 2)} km/s`),
        h('div', {}, h('span', {}, 'time of flight'), `${fmt(chosen.tof, 0)} d`)));
      const au = 149597870.7, xs = a => a.map(v => v[0] / au), ys = a => a.map(v => v[1] / au);
      const all = [...t.from_orbit_km, ...t.to_orbit_km], r = Math.max(...all.map(v => Math.hypot(v[0], v[1]))) / au * 1.08;
      const c = chart(traj, [
        { x: xs(t.from_orbit_km), y: ys(t.from_orbit_km), color: '#58a6ff', width: 1 },
        { x: xs(t.to_orbit_km), y: ys(t.to_orbit_km), color: '#f85149', width: 1 },
        { x: xs(t.transfer_km), y: ys(t.transfer_km), color: '#f2cc60', width: 2.5 }],
        { width: 420, height: 400, xrange: [-r, r], yrange: [-r, r], xlabel: 'x [au] (ecliptic J2000)', ylabel: 'y [au]' });
      const ctx = traj.getContext('2d');
      ctx.fillStyle = '#f2cc60'; ctx.beginPath(); ctx.arc(c.X(0), c.Y(0), 5, 0, 7); ctx.fill();
      for (const [v, col] of [[t.from_at_departure_km, '#58a6ff'], [t.to_at_arrival_km, '#f85149']]) { ctx.fillStyle = col; ctx.beginPath(); ctx.arc(c.X(v[0] / au), c.Y(v[1] / au), 4, 0, 7); ctx.fill(); }
      budget();
    } catch (e) { showError(e); }
  }

  async function budget() {
    if (!chosen || chosen.c3 == null) return;
    const toml = `name = "${from.value} to ${to.value}, departing ${day(chosen.dep)}"\ndry_mass_kg = ${Number(dry.value)}\nisp_s = ${Number(isp.value)}\n\n` +
      `[[leg]]\nname = "Departure burn from a 200 km parking orbit"\nkind = "departure"\nbody = "${from.value}"\naltitude_km = 200\nc3_km2_s2 = ${chosen.c3}\n\n` +
      `[[leg]]\nname = "Capture into a 400 km circular orbit"\nkind = "capture"\nbody = "${to.value}"\nvinf_km_s = ${chosen.vinf}\nperiapsis_altitude_km = 400\n`;
    try {
      const b = await api('/api/budget', {}, { method: 'POST', body: toml });
      budgetOut.replaceChildren(table(['leg', 'Δv [km/s]', 'Isp [s]', 'propellant [kg]'],
        [...b.legs.map(l => [l.name, fmt(l.dv_km_s, 3), fmt(l.isp_s, 0), fmt(l.propellant_kg, 0)]),
          [h('b', {}, 'total'), fmt(b.total_dv_km_s, 3), '', fmt(b.total_propellant_kg, 0)]]),
        h('p', { class: 'muted' }, `Initial mass ${fmt(b.initial_mass_kg, 0)} kg for ${fmt(b.dry_mass_kg, 0)} kg dry.`));
    } catch (e) { showError(e); }
  }

  async function windows() {
    try {
      const today = new Date().toISOString().slice(0, 10);
      const w = await api('/api/windows', { from: from.value, to: to.value, start: p.windows_from ?? today, span: '1461d' });
      windowsOut.replaceChildren(table(['window', 'least C3: departure', 'arrival', 'C3 [km²/s²]', 'v∞ arr [km/s]', 'least Δv: departure', 'Δv [km/s]', ''],
        w.map((r, k) => [k + 1, day(r.min_c3.departure_utc), day(r.min_c3.arrival_utc), fmt(r.min_c3.c3_km2_s2, 2), fmt(r.min_c3.vinf_arrival_km_s, 2),
          day(r.min_dv_total.departure_utc), fmt(r.min_dv_total.dv_total_km_s, 2),
          h('a', { href: '#', onclick: e => { e.preventDefault(); const d = Date.parse(r.min_c3.departure_utc), a = Date.parse(r.min_c3.arrival_utc), iso = t => new Date(t).toISOString().slice(0, 10);
            dep0.value = iso(d - 75 * 864e5); dep1.value = iso(d + 75 * 864e5); arr0.value = iso(a - 150 * 864e5); arr1.value = iso(a + 150 * 864e5); go(); } }, 'porkchop')])));
    } catch (e) { windowsOut.replaceChildren(); showError(e); }
  }
  await go();
  windows();
}
