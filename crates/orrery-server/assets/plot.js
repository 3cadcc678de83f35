// Drawing on canvases: axes and series, a heat map, a polar sky chart. Only drawing.

export function niceTicks(lo, hi, n = 6) {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / n, mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map(m => m * mag).find(s => s >= step0);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(+v.toFixed(10));
  return out;
}

export function setup(canvas, w, h) {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = w * dpr; canvas.height = h * dpr; canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
  const ctx = canvas.getContext('2d'); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

const extent = (arrs) => {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrs) for (const v of a) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === hi) { lo -= 1; hi += 1; }
  return [lo, hi];
};

/** Axes with ticks; returns the data→pixel maps. */
export function axes(ctx, box, xr, yr, opts = {}) {
  const { xlabel = '', ylabel = '', invertY = false, xfmt = String, yfmt = String } = opts;
  const { x, y, w, h } = box;
  const X = v => x + (v - xr[0]) / (xr[1] - xr[0]) * w;
  const Y = v => invertY ? y + (v - yr[0]) / (yr[1] - yr[0]) * h : y + h - (v - yr[0]) / (yr[1] - yr[0]) * h;
  ctx.strokeStyle = '#30363d'; ctx.fillStyle = '#8b949e'; ctx.font = '11px system-ui'; ctx.lineWidth = 1;
  ctx.strokeRect(x, y, w, h);
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (const t of niceTicks(xr[0], xr[1])) { const px = X(t); ctx.beginPath(); ctx.moveTo(px, y + h); ctx.lineTo(px, y + h + 4); ctx.stroke(); ctx.fillText(xfmt(t), px, y + h + 6); }
  ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
  for (const t of niceTicks(yr[0], yr[1], 5)) { const py = Y(t); ctx.beginPath(); ctx.moveTo(x - 4, py); ctx.lineTo(x, py); ctx.stroke(); ctx.fillText(yfmt(t), x - 6, py); }
  ctx.textAlign = 'center'; ctx.textBaseline = 'bottom'; ctx.fillText(xlabel, x + w / 2, y + h + 34);
  ctx.save(); ctx.translate(x - (opts.ylabelOffset ?? 48), y + h / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = 'top'; ctx.fillText(ylabel, 0, 0); ctx.restore();
  return { X, Y };
}

/** A chart of series `{x, y, color, dots}`. */
export function chart(canvas, series, opts = {}) {
  const W = opts.width ?? 640, H = opts.height ?? 260;
  const ctx = setup(canvas, W, H);
  const box = { x: 62, y: 10, w: W - 76, h: H - 52 };
  const xr = opts.xrange ?? extent(series.map(s => s.x));
  const yr = opts.yrange ?? extent(series.map(s => s.y));
  const { X, Y } = axes(ctx, box, xr, yr, opts);
  ctx.save(); ctx.beginPath(); ctx.rect(box.x, box.y, box.w, box.h); ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = ctx.fillStyle = s.color ?? '#58a6ff';
    if (s.dots) {
      for (let i = 0; i < s.x.length; i++) if (Number.isFinite(s.y[i])) ctx.fillRect(X(s.x[i]) - 0.75, Y(s.y[i]) - 0.75, 1.5, 1.5);
    } else {
      ctx.lineWidth = s.width ?? 1.5; ctx.beginPath(); let pen = false;
      for (let i = 0; i < s.x.length; i++) {
        if (!Number.isFinite(s.y[i])) { pen = false; continue; }
        pen ? ctx.lineTo(X(s.x[i]), Y(s.y[i])) : ctx.moveTo(X(s.x[i]), Y(s.y[i])); pen = true;
      }
      ctx.stroke();
    }
  }
  ctx.restore();
  return { X, Y, box, xr, yr };
}

/** Viridis-like colour for t in [0, 1]. */
export function colour(t) {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  t = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(t)), f = t - i, a = stops[i], b = stops[i + 1];
  return [0, 1, 2].map(k => Math.round(a[k] + (b[k] - a[k]) * f));
}

/** A heat map of `z[i][j]` (i along x, j along y), `null` cells left dark. */
export function heatmap(canvas, z, opts) {
  const W = opts.width ?? 760, H = opts.height ?? 520;
  const ctx = setup(canvas, W, H);
  const box = { x: 96, y: 10, w: W - 176, h: H - 56 };
  const nx = z.length, ny = z[0]?.length ?? 0;
  const img = new ImageData(nx, ny);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) {
    const v = z[i][j], k = ((ny - 1 - j) * nx + i) * 4;
    if (v === null || !Number.isFinite(v)) { img.data[k + 3] = 0; continue; }
    const [r, g, b] = colour(opts.scale(v)); img.data[k] = r; img.data[k + 1] = g; img.data[k + 2] = b; img.data[k + 3] = 255;
  }
  const off = document.createElement('canvas'); off.width = nx; off.height = ny; off.getContext('2d').putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false; ctx.drawImage(off, box.x, box.y, box.w, box.h);
  const m = axes(ctx, box, [0, nx - 1], [0, ny - 1], opts);
  // Colour bar.
  const bx = box.x + box.w + 16;
  for (let p = 0; p < box.h; p++) { const [r, g, b] = colour(1 - p / box.h); ctx.fillStyle = `rgb(${r},${g},${b})`; ctx.fillRect(bx, box.y + p, 14, 1); }
  ctx.fillStyle = '#8b949e'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
  for (const [label, t] of opts.barTicks ?? []) ctx.fillText(label, bx + 18, box.y + (1 - t) * box.h);
  return { ...m, box, nx, ny };
}

/** A polar sky chart: zenith at the centre, horizon at the rim, north up, east left. */
export function skyChart(canvas, path, size = 240) {
  const ctx = setup(canvas, size, size);
  const c = size / 2, R = size / 2 - 16;
  const P = (az, el) => { const r = R * (90 - el) / 90, a = az * Math.PI / 180; return [c - r * Math.sin(a), c - r * Math.cos(a)]; };
  ctx.strokeStyle = '#30363d';
  for (const el of [0, 30, 60]) { ctx.beginPath(); ctx.arc(c, c, R * (90 - el) / 90, 0, 2 * Math.PI); ctx.stroke(); }
  ctx.fillStyle = '#8b949e'; ctx.font = '11px system-ui'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
  ctx.fillText('N', c, 8); ctx.fillText('S', c, size - 8); ctx.fillText('E', 8, c); ctx.fillText('W', size - 8, c);
  ctx.lineWidth = 2.5;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1], b = path[i];
    if (a.elevation_deg < 0 && b.elevation_deg < 0) continue;
    ctx.strokeStyle = b.sunlit ? '#f2cc60' : '#6e7681'; ctx.setLineDash(b.sunlit ? [] : [4, 3]);
    ctx.beginPath(); ctx.moveTo(...P(a.azimuth_deg, Math.max(a.elevation_deg, 0))); ctx.lineTo(...P(b.azimuth_deg, Math.max(b.elevation_deg, 0))); ctx.stroke();
  }
  ctx.setLineDash([]);
  const first = path.find(p => p.elevation_deg >= 0);
  if (first) { ctx.fillStyle = '#3fb950'; const [x, y] = P(first.azimuth_deg, first.elevation_deg); ctx.beginPath(); ctx.arc(x, y, 3.5, 0, 7); ctx.fill(); }
}
