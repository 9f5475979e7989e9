package io.recolab.experiment;

import io.recolab.assign.Assigner;
import io.recolab.assign.Plan;
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
    private final java.util.function.BiConsumer<Catalog.Entry, Assignment> observer;

    public Assignments(Catalog catalog) {
        this(catalog, (entry, answer) -> { });
    }

    /** @param observer told of every answer of an assignment call (holdouts record their units from it) */
    public Assignments(Catalog catalog, java.util.function.BiConsumer<Catalog.Entry, Assignment> observer) {
        this.catalog = catalog;
        this.observer = observer;
    }

    /** The unit's assignment for a call that brings these attributes (targeting applies). */
    public Assignment assign(String experimentKey, String unit, Map<String, ?> attributes) {
        Catalog.Entry entry = catalog.get(experimentKey).orElseThrow(() -> ExperimentService.unknown(experimentKey));
        Assignment answer = assign(entry, unit, attributes);
        observer.accept(entry, answer);
        return answer;
    }

    /**
     * Every unit of a batch in one experiment with the same attributes: one catalog entry for the whole
     * batch, and the targeting evaluated once (it depends on the attributes only), not once per unit.
     */
    public java.util.List<Assignment> assignAll(String experimentKey, java.util.List<String> units, Map<String, ?> attributes) {
        Catalog.Entry entry = catalog.get(experimentKey).orElseThrow(() -> ExperimentService.unknown(experimentKey));
        units.forEach(Assignments::checkUnit);
        Map<String, ?> attrs = attributes == null ? Attributes.NONE : attributes;
        Boolean takes = null; // once, when the first unit is decided (none for an empty batch)
        java.util.List<Assignment> out = new java.util.ArrayList<>(units.size());
        for (String unit : units) {
            if (takes == null) {
                takes = entry.plan().takes(attrs);
            }
            Assignment answer = answer(entry, unit, entry.plan().decide(unit, entry.isRunning(), takes));
            observer.accept(entry, answer);
            out.add(answer);
        }
        return out;
    }

    /** A call without attributes: a targeted experiment sees a unit without any. */
    public Assignment assign(String experimentKey, String unit) {
        return assign(experimentKey, unit, Attributes.NONE);
    }

    /**
     * The experiment's {@link Plan} decides: not running, outside its layer range, outside its
     * targeting, or outside the exposed share, the unit gets the control, outside the experiment,
     * with the reason.
     */
    public static Assignment assign(Catalog.Entry entry, String unit, Map<String, ?> attributes) {
        checkUnit(unit);
        return decided(entry, unit, attributes == null ? Attributes.NONE : attributes);
    }

    /** Whether the experiment's targeting takes a unit with these attributes (true without targeting). */
    public static boolean targets(Catalog.Entry entry, Map<String, ?> attributes) {
        Targeting t = entry.definition().targeting();
        return t == null || t.matches(attributes);
    }

    /**
     * Ignores the targeting: for events, which carry no attributes (an exposure is trusted to have
     * been logged for a unit the targeting took). The layer applies: it needs no attributes. Calls
     * that answer a unit use the three-argument form.
     */
    public static Assignment assign(Catalog.Entry entry, String unit) {
        checkUnit(unit);
        return decided(entry, unit, null);
    }

    private static Assignment decided(Catalog.Entry entry, String unit, Map<String, ?> attributes) {
        return answer(entry, unit, entry.plan().decide(unit, entry.isRunning(), attributes));
    }

    private static Assignment answer(Catalog.Entry entry, String unit, long packed) {
        ExperimentDefinition d = entry.definition();
        boolean in = Assigner.inExperiment(packed);
        var treatment = d.treatments().get(Assigner.treatmentOf(packed));
        Plan.Reason reason = Plan.reasonOf(packed);
        return new Assignment(d.key(), unit, treatment.name(), treatment.recommender(), in,
                reason == Plan.Reason.IN ? null : reason.wireName());
    }

    /** Unit ids are opaque, but ids by the one rule of {@link Text} (they end up in logs and CSV). */
    public static void checkUnit(String unit) {
        Text.requireId("unit", unit, MAX_UNIT_LENGTH);
    }
}
