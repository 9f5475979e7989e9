// The guardrail banner of the experiment and results pages (issue 22.6): shown first, above any
// verdict, because a breached guardrail may mean the treatment hurts. It tells apart an experiment
// the guardrail watch paused (when, for what, and who resumed it since) from one whose guardrail is
// breached while nothing pauses it (autoPause off).
import { h } from '../dom.js';
import { num, dateTime } from '../format.js';

const WATCH = 'guardrail-watch';

/** A history entry's detail as an object: the API sends it parsed, older stores as JSON text. */
function detailOf(change) {
  const d = change.detail;
  if (typeof d !== 'string') return d || {};
  try {
    return JSON.parse(d) || {};
  } catch {
    return {};
  }
}

/**
 * The last automatic pause of the history and what followed it: {at, breaches, resumedBy, resumedAt},
 * or null when the watch never paused this experiment. A resume (or a start) by anyone after the pause
 * is the owner's decision to go on; the watch respects it (analysis.GuardrailWatch).
 */
export function lastAutoPause(history) {
  const list = history || [];
  let index = -1;
  list.forEach((c, i) => {
    if (c.actor === WATCH && c.action === 'pause') index = i;
  });
  if (index < 0) return null;
  const pause = list[index];
  const reason = detailOf(pause).reason || {};
  const resume = list.slice(index + 1).find((c) => c.action === 'resume' || c.action === 'start');
  return {
    at: pause.at,
    breaches: (reason.breaches || []).map((b) => ({ metric: b.metric, treatment: b.treatment, harm: b.harm,
      absoluteLift: b.absoluteLift, sequence: b.sequence })),
    resumedBy: resume ? resume.actor : null,
    resumedAt: resume ? resume.at : null,
  };
}

const named = (list) => list.map((g) => `${g.metric} (${g.treatment})`).join(', ');

function breachLine(g) {
  const seq = Array.isArray(g.sequence) && g.sequence.length === 2
    ? `, confidence sequence ${num(g.sequence[0], 4)} to ${num(g.sequence[1], 4)}, wholly on the harmful side` : '';
  const moved = g.harm === 'increase' ? 'rose' : (g.harm === 'decrease' ? 'fell' : 'moved');
  return h('li', `${g.metric} ${moved} under ${g.treatment}: absolute change ${num(g.absoluteLift, 4)}${seq}.`);
}

/**
 * The banner, or null when no guardrail is breached and the watch never paused the experiment.
 * @param experiment GET /experiments/{key} (status, definition.autoPause, history)
 * @param guardrails the results' guardrails (each {metric, treatment, harm, breached, ...}), or null when unknown
 */
export function guardrailBanner(experiment, guardrails) {
  const breached = (guardrails || []).filter((g) => g.breached);
  const auto = lastAutoPause(experiment.history);
  const autoPause = Boolean(experiment.definition && experiment.definition.autoPause);
  if (!auto && !breached.length) return null;

  const parts = [];
  if (auto) {
    const what = auto.breaches.length ? named(auto.breaches) : 'a guardrail';
    const pausedNow = experiment.status === 'paused' && !auto.resumedBy;
    let head = `Guardrail breached: ${what}; paused automatically, now ${experiment.status}`;
    if (pausedNow) head = `Paused automatically: guardrail breached: ${what}`;
    else if (auto.resumedBy) head = `Guardrail breached: ${what}; paused automatically, resumed by ${auto.resumedBy}`;
    parts.push(h('h2', head));
    parts.push(h('p#guardrail-paused-at', `The guardrail watch paused this experiment on ${dateTime(auto.at)}: `,
      `${what} moved in its harmful direction beyond chance.`));
    if (auto.breaches.length) parts.push(h('ul', auto.breaches.map(breachLine)));
    if (auto.resumedBy) {
      parts.push(h('p#guardrail-resumed', `Resumed by ${auto.resumedBy} on ${dateTime(auto.resumedAt)}: `,
        'the watch does not pause it again for this breach.',
        breached.length ? ` Still breached now: ${named(breached)}.` : ' No guardrail is breached now.'));
    } else if (pausedNow) {
      parts.push(h('p#guardrail-owner', 'Resuming is the owner\'s call: every unit gets the control while paused. ',
        'Resume only if the harm is understood; the watch will not pause it again for this breach.'));
    } else {
      parts.push(h('p#guardrail-owner', `The experiment is ${experiment.status} now.`));
    }
  } else {
    parts.push(h('h2', `Guardrail breached: ${named(breached)}`));
    parts.push(h('ul', breached.map(breachLine)));
    if (!autoPause) {
      parts.push(h('p#guardrail-owner', 'Breached, not paused: this experiment does not pause itself (autoPause is off). ',
        'Decide whether to pause it.'));
    } else if (experiment.status === 'running') {
      parts.push(h('p#guardrail-owner', 'Breached, not paused yet: the server will pause the experiment at its next guardrail check.'));
    } else {
      parts.push(h('p#guardrail-owner', `Breached; the experiment is ${experiment.status}.`));
    }
  }
  return h('div.srm-warning.guardrail-breach#guardrail-breach', {
    role: 'alert', 'data-state': auto ? (auto.resumedBy ? 'resumed' : 'paused') : 'breached',
  }, parts);
}
