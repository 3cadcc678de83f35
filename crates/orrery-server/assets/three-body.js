// Three-body: the libration points and a family of periodic orbits (halo, Lyapunov,
// vertical) or the 9:2 NRHO, in a 3D view of the rotating frame that turns with the
// mouse; period and stability of the member picked.
import { api, params, setParams, h, table, fmt, showError } from '/assets/app.js';
import { setup } from '/assets/plot.js';

const S = 640;

export async function render(main) {
  const p = params();
  const sel = (name, opts, v) => h('select', { name }, opts.map(([val, label]) => h('option', { value: val, selected: val === v }, label)));
  const system = sel('system', [['earth-moon', 'Earth-Moon'], ['sun-earth', 'Sun-Earth']], p.system ?? 'earth-moon');
  const kind = sel('kind', [['halo', 'halo family'], ['lyapunov', 'Lyapunov family'], ['vertical', 'vertical family'], ['nrho', '9:2 NRHO (Gateway)'], ['jwst', 'JWST-like L2 halo']], p.kind ?? 'halo');
  const point = sel('point', [['L1', 'L1'], ['L2', 'L2'], ['L3', 'L3']], p.point ?? 'L2');
  const branch = sel('branch', [['north', 'north'], ['south', 'south']], p.branch ?? 'south');
  const members = h('input', { name: 'members', value: p.members ?? '40', size: 4 });
  const slider = h('input', { type: 'range', min: 0, max: 0, value: 0, 'data-testid': 'member' });
  const canvas = h('canvas', { 'data-testid': 'view3d' }), info = h('div', { class: 'card kv', 'data-testid': 'orbit-info' }), pts = h('div', {});
  main.append(h('h1', {}, 'Three-body orbits'),
    h('form', { class: 'inputs', onsubmit: e => { e.preventDefault(); go(); } },
      h('label', {}, 'System', system), h('label', {}, 'Orbit', kind), h('label', {}, 'Point', point), h('label', {}, 'Branch', branch),
      h('label', {}, 'Members', members), h('button', {}, 'Compute')),
    h('div', { class: 'grid2' }, h('div', {}, canvas, h('p', { class: 'muted' }, 'Drag to turn; rotating frame, barycentric, km. Member: ', slider)), h('div', {}, info, pts)));
  const ctx = setup(canvas, S, S);
  let view = { yaw: -0.6, pitch: 0.5 }, scene = null;

  let drag = null;
  canvas.onmousedown = e => { drag = [e.clientX, e.clientY]; };
  window.addEventListener('mouseup', () => { drag = null; });
  canvas.onmousemove = e => { if (!drag) return; view.yaw += (e.clientX - drag[0]) * 0.01; view.pitch += (e.clientY - drag[1]) * 0.01; drag = [e.clientX, e.clientY]; draw(); };
  slider.oninput = () => { draw(); describe(); };

  async function go() {
    const q = { system: system.value, kind: kind.value, point: point.value, branch: branch.value, members: members.value };
    setParams(q); showError(null);
    info.replaceChildren(h('span', { class: 'muted' }, 'Computing…'));
    try {
      const lp = await api('/api/cr3bp/points', { system: q.kind === 'jwst' ? 'sun-earth' : q.system });
      if (q.kind === 'nrho' || q.kind === 'jwst') {
        const o = await api('/api/cr3bp/orbit', { system: q.system, kind: q.kind, point: q.point, branch: q.branch });
        scene = { lines: [o.samples.map(s => [s.x_km, s.y_km, s.z_km])], rows: [o.report.physical], orbits: [o.report.orbit], system: o.report.system, points: lp.points, published: o.report.published };
      } else {
        const f = await api('/api/cr3bp/family', q);
        const fam = f.report.family.members;
        const lines = f.trajectories.members.map(([, pts]) => pts);
        const idx = f.trajectories.members.map(([j]) => fam.findIndex(m => m.jacobi === j));
        scene = { lines, rows: idx.map(i => f.physical[i]), orbits: idx.map(i => fam[i]), system: f.report.system, points: lp.points, name: f.report.family.name, stop: f.report.family.stop_reason };
      }
      slider.max = scene.lines.length - 1; slider.value = Math.min(Number(p.member ?? 0), scene.lines.length - 1);
      pts.replaceChildren(h('h2', {}, 'Libration points'), table(['point', 'x [km]', 'y [km]', 'Jacobi'], scene.points.map(l => [l.point, fmt(l.x_km, 0), fmt(l.y_km, 0), fmt(l.jacobi, 6)])));
      draw(); describe();
    } catch (e) { info.replaceChildren(); showError(e); }
  }

  function project([x, y, z]) {
    const cy = Math.cos(view.yaw), sy = Math.sin(view.yaw), cp = Math.cos(view.pitch), sp = Math.sin(view.pitch);
    const x1 = x * cy - y * sy, y1 = x * sy + y * cy;
    return [x1, y1 * sp + z * cp, y1 * cp - z * sp];
  }

  function draw() {
    if (!scene) return;
    ctx.fillStyle = '#010409'; ctx.fillRect(0, 0, S, S);
    const all = scene.lines.flat();
    const c = all.reduce((a, v) => [a[0] + v[0] / all.length, a[1] + v[1] / all.length, a[2] + v[2] / all.length], [0, 0, 0]);
    const r = Math.max(...all.map(v => Math.hypot(v[0] - c[0], v[1] - c[1], v[2] - c[2]))) * 1.25;
    const P = v => { const q = project([v[0] - c[0], v[1] - c[1], v[2] - c[2]]); return [S / 2 + q[0] / r * S / 2, S / 2 - q[1] / r * S / 2]; };
    // Axes through the centre.
    ctx.lineWidth = 1;
    for (const [d, col] of [[[r * 0.3, 0, 0], '#f85149'], [[0, r * 0.3, 0], '#3fb950'], [[0, 0, r * 0.3], '#58a6ff']]) {
      ctx.strokeStyle = col; ctx.beginPath(); ctx.moveTo(...P(c)); ctx.lineTo(...P([c[0] + d[0], c[1] + d[1], c[2] + d[2]])); ctx.stroke();
    }
    const k = Number(slider.value);
    scene.lines.forEach((line, i) => {
      ctx.strokeStyle = i === k ? '#f2cc60' : `hsla(${200 + 140 * i / Math.max(1, scene.lines.length - 1)}, 70%, 60%, 0.55)`;
      ctx.lineWidth = i === k ? 2.5 : 1; ctx.beginPath();
      line.forEach((v, j) => j ? ctx.lineTo(...P(v)) : ctx.moveTo(...P(v))); ctx.stroke();
    });
    // The secondary (Moon or Earth) and the libration points, where they are in view.
    const sec = [scene.system.length_km * (1 - scene.system.mu), 0, 0];
    ctx.fillStyle = '#c9d1d9'; ctx.beginPath(); ctx.arc(...P(sec), 6, 0, 7); ctx.fill(); ctx.fillText(scene.system.secondary, P(sec)[0] + 8, P(sec)[1]);
    ctx.fillStyle = '#f0883e'; ctx.font = '11px system-ui';
    for (const l of scene.points) { const q = P([l.x_km, l.y_km, 0]); if (q[0] > 0 && q[0] < S && q[1] > 0 && q[1] < S) { ctx.fillRect(q[0] - 2, q[1] - 2, 4, 4); ctx.fillText(l.point, q[0] + 5, q[1] - 5); } }
  }

  function describe() {
    if (!scene) return;
    const k = Number(slider.value), ph = scene.rows[k], o = scene.orbits[k];
    info.replaceChildren(
      h('div', {}, h('span', {}, 'Orbit'), o.family),
      h('div', {}, h('span', {}, 'Period'), h('b', { 'data-testid': 'period-days', 'data-value': ph.period_days }, `${fmt(ph.period_days, 4)} d`)),
      h('div', {}, h('span', {}, 'Jacobi'), fmt(o.jacobi, 6)),
      h('div', {}, h('span', {}, 'Stability index'), h('span', { 'data-testid': 'stability' }, fmt(o.stability_index_jpl, 3)), o.stability_index_jpl <= 1.0001 ? ' (stable)' : ' (unstable)'),
      h('div', {}, h('span', {}, 'Periapsis'), `${fmt(ph.periapsis_km, 0)} km`), h('div', {}, h('span', {}, 'Apoapsis'), `${fmt(ph.apoapsis_km, 0)} km`),
      scene.stop ? h('div', { class: 'muted' }, `Continuation stopped: ${scene.stop}`) : null);
  }
  await go();
}
