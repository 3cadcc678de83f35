// Exoplanets: a transit search of the bundled light curve or an uploaded FITS/CSV file,
// as a job with progress and cancel (/api/transit/jobs); then the raw and detrended
// light curve, the periodogram, each candidate folded with its fitted model, and the
// candidates with their vetting flags.
import { api, params, setParams, h, table, fmt, showError } from '/assets/app.js';
import { chart } from '/assets/plot.js';

export async function render(main) {
  const p = params();
  const pmin = h('input', { name: 'period_min_days', value: p.period_min_days ?? '0.5', size: 5 });
  const pmax = h('input', { name: 'period_max_days', value: p.period_max_days ?? '', size: 5, placeholder: 'auto' });
  const file = h('input', { type: 'file', accept: '.fits,.fit,.csv,.txt', 'data-testid': 'upload' });
  const bar = h('progress', { max: 1, value: 0, hidden: true }), state = h('span', { class: 'muted', 'data-testid': 'job-state' });
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel');
  const out = h('div', {});
  main.append(h('h1', {}, 'Exoplanet transit search'),
    h('form', { class: 'inputs', onsubmit: e => e.preventDefault() },
      h('button', { type: 'button', 'data-testid': 'run-sample', onclick: () => run({ sample: 'wasp-126' }) }, 'Search the bundled TESS light curve (WASP-126)'),
      h('label', {}, 'or a Kepler/K2/TESS FITS or a CSV', file),
      h('label', {}, 'Period min [d]', pmin), h('label', {}, 'max [d]', pmax)),
    h('p', {}, bar, ' ', state, ' ', cancel), out);
  file.addEventListener('change', () => { if (file.files[0]) run({ name: file.files[0].name }, file.files[0]); });

  let job = null;
  cancel.onclick = async () => { if (job) { await api(`/api/transit/jobs/${job}`, {}, { method: 'DELETE' }).catch(showError); } };

  async function run(q, body) {
    showError(null); out.replaceChildren();
    const query = { ...q, period_min_days: pmin.value, period_max_days: pmax.value, max_planets: p.max_planets };
    if (q.sample) setParams({ sample: q.sample, period_min_days: pmin.value, period_max_days: pmax.value, max_planets: p.max_planets });
    state.textContent = 'Reading the light curve…';
    let created;
    try {
      created = await api('/api/transit/jobs', query, { method: 'POST', body: body ?? '' });
    } catch (e) { state.textContent = 'Not searched.'; showError(e); return; }
    job = created.id; bar.hidden = false; cancel.hidden = false;
    for (;;) {
      let s;
      try { s = await api(`/api/transit/jobs/${job}`); } catch (e) { showError(e); break; }
      bar.value = s.total ? s.done / s.total : 0;
      state.textContent = `${s.target}: ${s.points} points, ${s.state} ${s.total ? `(${s.done} of ${s.total})` : ''}, ${fmt(s.elapsed_s, 1)} s`;
      if (s.state === 'done') { show(s.result); break; }
      if (s.state === 'failed') { showError(new Error(s.error)); break; }
      if (s.state === 'cancelled') { state.textContent = `${s.target}: cancelled after ${fmt(s.elapsed_s, 1)} s`; break; }
      await new Promise(r => setTimeout(r, 300));
    }
    bar.hidden = true; cancel.hidden = true; job = null;
  }

  function show(r) {
    const { search: s, view: v } = r;
    const c = () => h('canvas', {});
    const raw = c(), det = c(), per = c();
    chart(raw, [{ x: v.raw.time_days, y: v.raw.flux, dots: true, color: '#8b949e' }], { xlabel: `time [d] (${s.time_system})`, ylabel: 'flux (normalised)', height: 200 });
    chart(det, [{ x: v.detrended.time_days, y: v.detrended.flux, dots: true, color: '#c9d1d9' }], { xlabel: 'time [d]', ylabel: 'detrended flux', height: 200 });
    chart(per, [{ x: v.periodogram.periods_days, y: v.periodogram.sde, color: '#58a6ff' }], { xlabel: 'period [d]', ylabel: 'SDE', height: 200 });
    const rows = s.candidates.map(k => {
      const x = k;
      return [x.index, h('span', { 'data-testid': 'candidate-period', 'data-value': x.period_days }, fmt(x.period_days, 5)), fmt(x.duration_hours, 2), fmt(x.depth_ppm, 0), fmt(x.snr, 1), fmt(x.sde, 1),
        x.n_transits, x.rp_rs == null ? '–' : fmt(x.rp_rs, 4), x.significant ? h('span', { class: 'ok' }, 'yes') : 'no', x.flags.length ? h('span', { class: 'warn' }, x.flags.join(', ')) : 'none'];
    });
    const folds = v.folds.map(f => {
      const cv = c();
      chart(cv, [{ x: f.phase_hours, y: f.flux, dots: true, color: '#8b949e' }, { x: f.model_hours, y: f.model_flux, color: '#f85149', width: 2 }],
        { xlabel: 'hours from mid-transit', ylabel: 'flux', width: 420, height: 220 });
      return h('div', {}, h('h2', {}, `Candidate ${f.index}: P = ${fmt(f.period_days, 5)} d`), cv);
    });
    out.replaceChildren(
      h('h2', {}, `${s.target} (${s.mission}), ${s.n_points} points over ${fmt(s.baseline_days, 1)} d`),
      table(['#', 'period [d]', 'duration [h]', 'depth [ppm]', 'SNR', 'SDE', 'transits', 'Rp/R*', 'significant', 'vetting flags'], rows, { 'data-testid': 'candidates' }),
      ...s.warnings.map(w => h('p', { class: 'warn' }, typeof w === 'string' ? w : JSON.stringify(w))),
      h('div', { class: 'grid2' }, h('div', {}, h('h2', {}, 'Light curve'), raw), h('div', {}, h('h2', {}, 'Detrended'), det)),
      h('h2', {}, 'Periodogram (first pass)'), per, h('div', { class: 'grid2' }, folds));
  }
  if (p.sample) run({ sample: p.sample });
}
