package io.recolab.experiment;

import io.recolab.domain.DomainError;

/**
 * What may change in an experiment that has run: the rules behind a 409 on an update. Units already
 * assigned must never change treatment and figures already counted must keep one meaning, so arms,
 * salt, targeting, design, slices and metric types and windows are frozen, a layer range and the
 * exposure may only grow, and a stopped or archived experiment changes no more. Pure: the current
 * experiment and the proposed definition in, a {@link DomainError} out.
 */
final class ChangeRules {
    private ChangeRules() {
    }

    static void checkUpdate(Experiment current, ExperimentDefinition proposed) {
        if (current.archived()) {
            throw archived(current, "change");
        }
        Status status = current.status();
        if (status == Status.STOPPED) {
            throw DomainError.conflict("experiment '" + current.key() + "' is stopped; a stopped experiment cannot change");
        }
        if (!status.hasRun()) {
            return;
        }
        ExperimentDefinition before = current.definition();
        if (!before.slices().equals(proposed.slices())) {
            // Units already exposed have no values for a new dimension: their slices would mislead.
            throw DomainError.conflict("experiment '" + current.key() + "' is " + status.wireName()
                    + ": its slices cannot change (units already exposed recorded " + before.slices() + ")");
        }
        if (!before.sameArms(proposed)) {
            throw DomainError.conflict("experiment '" + current.key() + "' is " + status.wireName()
                    + ": its treatments, weights, recommenders, unit, salt, targeting and design cannot change");
        }
        if (before.sharedItems() != proposed.sharedItems()) {
            // One credit rule per experiment: mixing them would make its preference counts mean two things.
            throw DomainError.conflict("experiment '" + current.key() + "' is " + status.wireName()
                    + ": its sharedItems cannot change (was " + before.sharedItems().wireName() + ")");
        }
        checkMetricsKept(current, proposed);
        LayerRanges.checkKept(current, proposed.layer());
        if (proposed.exposurePercent() < before.exposurePercent()) {
            throw DomainError.conflict("experiment '" + current.key() + "' is " + status.wireName()
                    + ": exposurePercent can only grow, from " + fmt(before.exposurePercent()) + " (asked "
                    + fmt(proposed.exposurePercent()) + ")");
        }
    }

    /**
     * A metric's type and window are applied as each conversion is written (the rollups hold a binomial
     * metric's converted units, a mean metric's sums, within the window then in force): changed after
     * units were exposed, one figure would add up two definitions. Caps, CUPED, roles and ratios are
     * applied when results are read, and metrics may be added or removed.
     */
    private static void checkMetricsKept(Experiment current, ExperimentDefinition proposed) {
        java.util.Map<String, MetricSpec> before = new java.util.HashMap<>();
        current.definition().metrics().forEach(m -> before.put(m.name(), m));
        for (MetricSpec m : proposed.metrics()) {
            MetricSpec was = before.get(m.name());
            if (was != null && (was.type() != m.type() || was.windowDays() != m.windowDays())) {
                throw DomainError.conflict("experiment '" + current.key() + "' is " + current.status().wireName()
                        + ": metric '" + m.name() + "' cannot change its type or windowDays (" + was.type().wireName() + ", "
                        + was.windowDays() + " days): conversions already counted used them; add a metric of another name instead");
            }
        }
    }

    static DomainError archived(Experiment e, String what) {
        return DomainError.conflict("cannot " + what + " experiment '" + e.key() + "': it is archived (read-only); unarchive it first");
    }

    private static String fmt(double percent) {
        return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
    }
}
