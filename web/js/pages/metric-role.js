// The role a metric plays in its experiment (issue 22.6), as the server reads it (experiment.MetricSpec).

/** As stated, else primary for the first metric that is not a guardrail, secondary for the others. */
export function roleOf(def, m) {
  if (m.role) return m.role;
  const stated = def.metrics.find((x) => x.role === 'primary');
  const primary = stated || def.metrics.find((x) => x.role !== 'guardrail') || def.metrics[0];
  return primary.name === m.name ? 'primary' : 'secondary';
}
