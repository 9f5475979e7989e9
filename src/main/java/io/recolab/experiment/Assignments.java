package io.recolab.experiment;

import io.recolab.assign.Assigner;
import io.recolab.domain.Text;
import io.recolab.targeting.Attributes;
import io.recolab.targeting.Targeting;
import java.util.Map;

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

    /** The unit's assignment for a call that brings these attributes (targeting applies). */
    public Assignment assign(String experimentKey, String unit, Map<String, ?> attributes) {
        Catalog.Entry entry = catalog.get(experimentKey).orElseThrow(() -> ExperimentService.unknown(experimentKey));
        return assign(entry, unit, attributes);
    }

    /** A call without attributes: a targeted experiment sees a unit without any. */
    public Assignment assign(String experimentKey, String unit) {
        return assign(experimentKey, unit, Attributes.NONE);
    }

    /**
     * With targeting: a unit the targeting does not take gets the control, outside the experiment,
     * exactly like a unit outside the exposed share.
     */
    public static Assignment assign(Catalog.Entry entry, String unit, Map<String, ?> attributes) {
        checkUnit(unit);
        if (!targets(entry, attributes)) {
            ExperimentDefinition d = entry.definition();
            return new Assignment(d.key(), unit, d.control().name(), d.control().recommender(), false);
        }
        return checked(entry, unit);
    }

    /** Whether the experiment's targeting takes a unit with these attributes (true without targeting). */
    public static boolean targets(Catalog.Entry entry, Map<String, ?> attributes) {
        Targeting t = entry.definition().targeting();
        return t == null || t.matches(attributes);
    }

    /**
     * Ignores the targeting: for events, which carry no attributes (an exposure is trusted to have
     * been logged for a unit the targeting took). Calls that answer a unit use the three-argument form.
     */
    public static Assignment assign(Catalog.Entry entry, String unit) {
        checkUnit(unit);
        return checked(entry, unit);
    }

    private static Assignment checked(Catalog.Entry entry, String unit) {
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
