// The shell: navigation, the page's module, the API client and shareable URLs.
// Every number shown comes from /api (the Orrery library); nothing is computed here
// beyond drawing.

/** GET (or POST) an API endpoint; throws an Error with the server's message. */
export async function api(path, params = {}, init = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const url = q.toString() ? `${path}?${q}` : path;
  const r = await fetch(url, init);
  const type = r.headers.get('content-type') || '';
  const body = type.includes('json') ? await r.json() : await r.text();
  if (!r.ok) {
    const e = new Error(body && body.error ? body.error.message + (body.error.limit ? ` (limit: ${body.error.limit})` : '') : `HTTP ${r.status}`);
    e.status = r.status;
    throw e;
  }
  return body;
}

/** The page's inputs from the URL. */
export function params() { return Object.fromEntries(new URLSearchParams(location.search)); }

/** Puts the inputs in the URL, so that it can be shared. */
export function setParams(p) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

export function showError(e) {
  const el = document.getElementById('error');
  el.textContent = e ? String(e.message || e) : '';
  el.hidden = !e;
  if (e) console.warn('orrery:', e.message || e);
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v !== false && v !== undefined && v !== null) el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** A table from column names and rows of cells. */
export function table(cols, rows, attrs = {}) {
  return h('table', attrs, h('thead', {}, h('tr', {}, cols.map(c => h('th', {}, c)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => c instanceof Node ? h('td', {}, c) : h('td', {}, c ?? '–'))))));
}

export const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x)) ? '–' : Number(x).toFixed(d);
/** `2026-05-08T20:15:31.123Z` → `2026-05-08 20:15:31`. */
export const utc = s => s ? s.replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '') : '–';

/** Observer inputs (city or coordinates) shared by the pages. */
export async function observerInputs(p, onChange) {
  const cities = await api('/api/cities');
  const sel = h('select', { name: 'city', 'data-testid': 'city' }, h('option', { value: '' }, '(coordinates)'),
    cities.map(c => h('option', { value: c.name, selected: c.name === (p.city ?? 'Paris') && !p.lat_deg }, c.name)));
  const lat = h('input', { name: 'lat_deg', size: 8, value: p.lat_deg ?? '', placeholder: '48.85' });
  const lon = h('input', { name: 'lon_deg', size: 8, value: p.lon_deg ?? '', placeholder: '2.35' });
  const locate = h('button', { type: 'button', class: 'secondary', onclick: () => {
    navigator.geolocation?.getCurrentPosition(pos => {
      sel.value = ''; lat.value = pos.coords.latitude.toFixed(4); lon.value = pos.coords.longitude.toFixed(4); onChange?.();
    }, e => showError(new Error('location: ' + e.message)));
  } }, 'My location');
  const value = () => sel.value ? { city: sel.value } : { lat_deg: lat.value, lon_deg: lon.value };
  return { nodes: [h('label', {}, 'City', sel), h('label', {}, 'Lat [deg]', lat), h('label', {}, 'Lon [deg]', lon), locate], value };
}

const pages = { 'sky': 'sky.js', 'live': 'live.js', 'mars': 'mars.js', 'exoplanets': 'exoplanets.js', 'three-body': 'three-body.js' };

async function start() {
  let page = location.pathname.replace(/^\/+|\/+$/g, '') || 'sky';
  if (!pages[page]) page = 'sky';
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === page));
  const main = document.getElementById('main');
  try {
    const mod = await import(`/assets/${pages[page]}`);
    main.replaceChildren();
    await mod.render(main);
  } catch (e) { showError(e); }
  window.__orreryReady = true;
}
start();
