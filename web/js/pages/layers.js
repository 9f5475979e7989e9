// The layer map (issue 23.2): each layer's 10,000 buckets, who holds which range, what is free.
import { h, svg } from '../dom.js';
import { api, enc } from '../api.js';
import { num } from '../format.js';
import { table } from '../shared.js';

/**
 * A bar of the layer in SVG (the CSP allows no inline style): each holder's range as a rectangle
 * in bucket coordinates (stretched to the width, so no text inside: the table names them), its
 * name as a tooltip; free space left blank.
 */
function bar(layer) {
  const rects = layer.holders.map((x) => svg('g', { class: `layer-segment status-${x.status}` },
    svg('title', {}, `${x.experiment} [${x.from}, ${x.to}) ${x.status}`),
    svg('rect', { x: x.from, y: 0, width: x.to - x.from, height: 40 })));
  return svg('svg', { class: 'layer-bar', viewBox: `0 0 ${layer.buckets} 40`, preserveAspectRatio: 'none',
    role: 'img', 'aria-label': `${layer.name}: ${layer.used} of ${layer.buckets} buckets held` },
  svg('rect', { class: 'layer-free', x: 0, y: 0, width: layer.buckets, height: 40 }), ...rects);
}

export async function render(main) {
  const { layers } = await api.get('/layers');
  main.append(h('h1', 'Layers'),
    h('p.lead', 'Experiments of one layer hold disjoint ranges of its 10,000 buckets: a unit is in at most one of them. '
      + 'Draft, running and paused experiments hold their range; stopping or archiving frees it.'));
  if (layers.length === 0) {
    main.append(h('p.empty#no-layers', 'No layer yet: give an experiment a layer on its form.'));
    return;
  }
  for (const layer of layers) {
    main.append(h(`section.card.layer#layer-${layer.name}`, { 'aria-labelledby': `layer-${layer.name}-h` },
      h(`h2#layer-${layer.name}-h`, layer.name),
      h('p', `${num(layer.used)} of ${num(layer.buckets)} buckets held (${num((100 * layer.used) / layer.buckets)}%).`),
      bar(layer),
      table(`Ranges of ${layer.name}`, ['Experiment', 'Status', 'From', 'To (exclusive)', 'Share'],
        layer.holders.map((x) => h('tr', { 'data-experiment': x.experiment },
          h('th', { scope: 'row' }, h('a', { href: `#/experiments/${enc(x.experiment)}` }, x.experiment)),
          h('td', x.status), h('td.num', String(x.from)), h('td.num', String(x.to)),
          h('td.num', `${num((100 * (x.to - x.from)) / layer.buckets)}%`)))),
      h('p.free', 'Free: ', layer.free.length === 0 ? 'none'
        : layer.free.map((f) => `[${f.from}, ${f.to})`).join(', '))));
  }
}
