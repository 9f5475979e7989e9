package io.recolab.holdout;

import io.recolab.experiment.MetricSpec;
import io.recolab.stats.Analyzer;
import io.recolab.stats.Arm;
import io.recolab.stats.ComparisonRequest;
import io.recolab.stats.ComparisonResult;
import io.recolab.stats.Correction;
import io.recolab.stats.MetricType;
import io.recolab.stats.SufficientStats;
import io.recolab.stats.TestType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A holdout's comparison: the held-out units (the control: what users would have had without any
 * experiment of the scope) against every other unit seen in scope, on each metric, by the
 * statistics engine's frequentist test. A unit's value is built from its interactions (customer id
 * = unit id) within the metric's window after its first sighting: binomial, whether it had any;
 * mean, how many.
 */
public record HoldoutResults(String holdout, String status, Instant computedAt, long heldOutUnits, long inScopeUnits,
                             List<MetricResult> metrics) {
    public static final String HELD_OUT = "held-out";
    public static final String IN_SCOPE = "in-scope";

    public record Group(long units, double sum, double mean) {
    }

    /** comparison: null when a group has no units yet (note says so). */
    public record MetricResult(String name, String type, int windowDays, Group heldOut, Group inScope,
                               ComparisonResult comparison, String note) {
    }

    static HoldoutResults of(Holdout h, List<HoldoutRepository.UnitActivity> units, Instant now) {
        long held = units.stream().filter(HoldoutRepository.UnitActivity::heldOut).count();
        List<MetricResult> out = new ArrayList<>();
        for (MetricSpec m : h.metrics()) {
            double[] sum = new double[2];
            double[] squares = new double[2];
            long[] n = new long[2];
            for (var u : units) {
                Instant windowEnd = u.firstSeen().plus(Duration.ofDays(m.windowDays()));
                // A stopped holdout's units joined the experiments at its end: what they did after it is not
                // the held-out behaviour (nor the in-scope group's under the holdout), so its results stop there.
                Instant end = h.endedAt() != null && h.endedAt().isBefore(windowEnd) ? h.endedAt() : windowEnd;
                long count = u.interactions().stream().filter(t -> !t.isBefore(u.firstSeen()) && t.isBefore(end)).count();
                double value = m.type() == MetricSpec.Type.BINOMIAL ? (count > 0 ? 1 : 0) : count;
                int g = u.heldOut() ? 0 : 1;
                n[g]++;
                sum[g] += value;
                squares[g] += value * value;
            }
            Group heldOut = new Group(n[0], sum[0], n[0] == 0 ? 0 : sum[0] / n[0]);
            Group inScope = new Group(n[1], sum[1], n[1] == 0 ? 0 : sum[1] / n[1]);
            ComparisonResult comparison = null;
            String note = null;
            if (n[0] < 2 || n[1] < 2) {
                note = "each group needs at least 2 units to compare; held out " + n[0] + ", in scope " + n[1];
            } else {
                MetricType type = m.type() == MetricSpec.Type.BINOMIAL ? MetricType.BINOMIAL : MetricType.MEAN;
                comparison = Analyzer.compare(ComparisonRequest.of(type, TestType.FREQUENTIST, ComparisonRequest.DEFAULT_ALPHA,
                        Correction.NONE, List.of(
                                new Arm(HELD_OUT, new SufficientStats(n[0], sum[0], squares[0]), null, null),
                                new Arm(IN_SCOPE, new SufficientStats(n[1], sum[1], squares[1]), null, null))));
            }
            out.add(new MetricResult(m.name(), m.type().wireName(), m.windowDays(), heldOut, inScope, comparison, note));
        }
        return new HoldoutResults(h.key(), h.status().wireName(), now, held, units.size() - held, out);
    }
}
