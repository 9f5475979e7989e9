import { h, clear } from '../dom.js';
import { api, enc } from '../api.js';
import { trackBlobUrl } from '../navigation.js';

// The results page's charts (server-drawn PNGs, twice the pixels for sharp screens): over time,
// each treatment's effect with its interval for the shown metric's kind, and the forest plot of a slice.

const OVER_TIME = [
  ['cumulative', 'Cumulative rate per treatment over time'],
  ['lift', 'Relative lift over the control with its interval, over time'],
  ['exposures', 'Newly exposed units per treatment and day'],
];

/** A figure that fetches one chart (charts/NAME.png?query) and shows it, or says why not. */
export function chartFigure(key, name, query, caption, id = `chart-${name}`) {
  const holder = h('div.chart-holder', h('p.help', 'Drawing…'));
  const figure = h(`figure.chart#${id}`, holder, h('figcaption', caption));
  api.blob(`/experiments/${enc(key)}/charts/${name}.png?${query}&scale=2`).then((blob) => {
    // No height attribute: an interval chart grows with its rows, and the image keeps its own ratio.
    clear(holder).append(h('img', { src: trackBlobUrl(URL.createObjectURL(blob)), alt: caption, width: 800 }));
  }).catch((e) => {
    clear(holder).append(h('p.field-error', `Chart unavailable: ${e.message}`));
  });
  return figure;
}

/** The section of charts over time (cumulative, lift, exposures). */
export function overTime(key, params) {
  return h('section', { 'aria-labelledby': 'charts-h' }, h('h2#charts-h', 'Over time'),
    h('div.charts', OVER_TIME.map(([name, caption]) => chartFigure(key, name, params, caption))));
}

/** Each treatment's effect with its interval; a CUPED metric shows the plain interval above the adjusted one. */
export function effectChart(key, params, r) {
  const cuped = r.kind && r.kind.cuped;
  const caption = cuped
    ? `Each treatment's relative lift on ${r.metric}, plain (grey) and CUPED-adjusted: the narrower bar is the variance reduction`
    : `Each treatment's relative lift on ${r.metric} (${r.kind ? r.kind.kind : r.metricType}) with its interval`;
  return h('div.charts', chartFigure(key, 'intervals', params, caption));
}

/** The forest plot of one slice dimension: a row per slice and treatment, [SRM] where the split is off. */
export function sliceChart(key, params, dimension) {
  const query = `${params}&${new URLSearchParams({ slice: dimension })}`;
  return h('div.charts', chartFigure(key, 'slices', query,
    `Relative lift by ${dimension}, one row per slice and treatment (unadjusted intervals; [SRM] marks a slice whose split is off)`));
}
