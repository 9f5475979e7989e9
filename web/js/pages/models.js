import { h } from '../dom.js';
import { api } from '../api.js';
import { dateTime, num } from '../format.js';
import { table } from '../shared.js';

export async function render(main) {
  const [{ models }, { recommenders }] = await Promise.all([api.get('/models'), api.get('/recommenders')]);
  main.append(h('h1', 'Models'),
    h('p.lead', 'Recommenders trained by this server for its running experiments (serve --data), and every registered recommender.'));
  if (models.length === 0) {
    main.append(h('p.empty#no-models', 'No model loaded: the server trains models only when started with --data and an experiment runs.'));
  } else {
    main.append(table('Loaded models', ['Recommender', 'Status', 'Serving', 'Trained at', 'Data up to', 'Training time', 'Error'],
      models.map((m) => h('tr',
        h('th', { scope: 'row' }, m.recommender),
        h('td', h(`span.badge.model-${m.status}`, m.status)),
        h('td', m.serving ? 'yes' : 'no'),
        h('td', dateTime(m.trainedAt)),
        h('td', dateTime(m.dataCutoff)),
        h('td.num', m.trainingSeconds === null ? '–' : `${num(m.trainingSeconds, 3)} s`),
        h('td', m.error || ''))), { id: 'models-table' }));
  }
  main.append(h('h2', 'Registered recommenders'), h('ul#recommenders', recommenders.map((n) => h('li', h('code', n)))));
}
