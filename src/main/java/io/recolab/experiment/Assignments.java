package io.recolab.experiment;

import io.recolab.assign.Assigner;
import io.recolab.domain.Text;

/**
 * Assigns units from the in-memory {@link Catalog}: no database, no lock, no allocation beyond
 * the answer. Units of an experiment that is not running get the control, outside the experiment.
 */
public final class Assignments {
    public static final int MAX_UNIT_LENGTH = 256;
    private final Catalog catalog;

    public Assignments(Catalog catalog) {
        this.catalog = catalog;
    }

    public Assignment assign(String experimentKey, String unit) {
        Catalog.Entry entry = catalog.get(experimentKey).orElseThrow(() -> ExperimentService.unknown(experimentKey));
        return assign(entry, unit);
    }

    public static Assignment assign(Catalog.Entry entry, String unit) {
        checkUnit(unit);
        ExperimentDefinition d = entry.definition();
        if (!entry.isRunning()) {
            return new Assignment(d.key(), unit, d.control().name(), d.control().recommender(), false);
        }
        long packed = Assigner.assign(entry.allocation(), unit);
        var treatment = d.treatments().get(Assigner.treatmentOf(packed));
        return new Assignment(d.key(), unit, treatment.name(), treatment.recommender(), Assigner.inExperiment(packed));
    }

    /** Unit ids are opaque, but ids by the one rule of {@link Text} (they end up in logs and CSV). */
    public static void checkUnit(String unit) {
        Text.requireId("unit", unit, MAX_UNIT_LENGTH);
    }
}
