// Sky tonight: the almanac of /api/sky and the visible passes of bright satellites
// with a sky chart each.
import { api, params, setParams, h, table, fmt, utc, showError, observerInputs } from '/assets/app.js';
import { skyChart } from '/assets/plot.js';

// The ISS, the Chinese station (Tianhe) and Hubble, by NORAD number.
const BRIGHT = '25544,48274,20580';

export async function render(main) {
  const p = params();
  const today = new Date().toISOString().slice(0, 10);
  const obs = await observerInputs(p, () => go());
  const night = h('input', { type: 'date', name: 'night', value: p.night ?? today, 'data-testid': 'night' });
  const sats = h('input', { name: 'sats', value: p.sats ?? BRIGHT, size: 18 });
  const out = h('div', { id: 'sky-out' });
  const form = h('form', { class: 'inputs', onsubmit: e => { e.preventDefault(); go(); } },
    obs.nodes, h('label', {}, 'Night of', night), h('label', {}, 'Satellites (names or NORAD)', sats), h('button', {}, 'Show'));
  main.append(h('h1', {}, 'The sky tonight'), form, out);

  async function go() {
    const q = { ...obs.value(), night: night.value };
    setParams({ ...q, sats: sats.value === BRIGHT ? '' : sats.value });
    out.replaceChildren(h('p', { class: 'muted' }, 'Computing…'));
    showError(null);
    try {
      const alm = await api('/api/sky', q);
      const passQ = { ...obs.value(), sats: sats.value, from: alm.start_utc, span: '1d', visible_only: true, paths: true, tz: alm.observer.time_zone };
      const passes = await api('/api/passes', passQ).catch(e => { showError(e); return null; });
      out.replaceChildren(...almanac(alm), ...passList(passes, passQ));
    } catch (e) { out.replaceChildren(); showError(e); }
  }
  await go();
}

function almanac(a) {
  const local = e => e.time_local ? e.time_local.replace(/\.\d+/, '') : '';
  const kinds = { rise: 'rises', set: 'sets', transit: 'transits' };
  const head = h('div', { class: 'card kv' },
    h('div', {}, h('span', {}, 'Observer'), `${a.observer.name} (${fmt(a.observer.lat_deg, 3)}°, ${fmt(a.observer.lon_deg, 3)}°)`),
    h('div', {}, h('span', {}, 'Night'), `${utc(a.start_utc)} to ${utc(a.end_utc)} UTC`),
    h('div', {}, h('span', {}, 'Moon'), h('b', { 'data-testid': 'moon' }, `${a.moon.phase}, ${fmt(a.moon.illuminated_fraction * 100, 0)} % lit`)),
    h('div', {}, h('span', {}, 'Ephemeris'), a.ephemeris));
  const pos = table(['body', 'alt [deg]', 'az [deg]', 'up', 'lit [%]'],
    a.positions.map(p => [p.body, fmt(p.altitude_deg, 1), fmt(p.azimuth_deg, 1), p.above_horizon ? 'yes' : 'no', fmt(p.illuminated_fraction * 100, 0)]));
  const ev = table(['local time', 'UTC', 'body', 'event', 'az [deg]'],
    a.events.map(e => [local(e), h('span', { 'data-testid': `event-${e.body}-${e.kind}` }, utc(e.time_utc)), e.body, (kinds[e.kind] ?? e.kind).replaceAll('_', ' '), fmt(e.azimuth_deg, 0)]),
    { 'data-testid': 'events' });
  return [head, h('div', { class: 'grid2' },
    h('div', {}, h('h2', {}, `Events (${a.observer.time_zone})`), ev),
    h('div', {}, h('h2', {}, `Where they are at ${utc(a.at_utc)} UTC`), pos))];
}

function passList(r, q) {
  if (!r) return [];
  const ics = '/api/passes.ics?' + new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'paths' && v !== undefined && v !== ''));
  const cards = r.passes.map((p, i) => {
    const c = h('canvas', {});
    skyChart(c, r.paths[i] ?? []);
    const v = p.visibility ?? {};
    return h('div', { class: 'card pass', 'data-testid': 'pass' }, h('b', {}, p.name), c,
      h('div', {}, 'rise ', h('span', { 'data-testid': 'pass-rise', 'data-utc': p.rise?.time_utc ?? '' }, utc(p.rise?.time_utc)), ' UTC'),
      h('div', { class: 'muted' }, `max ${fmt(p.culmination.elevation_deg, 0)}° at ${utc(p.culmination.time_utc).slice(11)}, visible ${utc(v.start_utc).slice(11)}–${utc(v.end_utc).slice(11)}`));
  });
  const old = r.passes.length ? '' : 'No visible pass that night.';
  return [h('h2', {}, 'Visible passes ', h('a', { href: ics, download: 'passes.ics' }, '(.ics)')),
    h('p', { class: 'muted' }, `${old} Yellow: sunlit; grey dashes: in the Earth's shadow. Elements: ${r.catalog}.`),
    h('div', { class: 'passes' }, cards)];
}
