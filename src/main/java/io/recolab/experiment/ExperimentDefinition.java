package io.recolab.experiment;

import io.recolab.assign.Allocation;
import io.recolab.assign.LayerSlot;
import io.recolab.targeting.Targeting;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An experiment as its owner defines it (CONTRACT §4). Immutable and valid by construction: a bad
 * definition is rejected with a message that shows the offending values, never repaired.
 *
 * @param salt seeds the assignment hash; defaults to the key, so that the same definition assigns
 *     the same way on every node and after a database reset
 * @param targeting which units the experiment is for, by their attributes; null: every unit
 * @param slices attribute names recorded on each unit's first exposure to break results down by
 *     (issue 22.8: device, country, new vs returning); empty: none
 * @param autoPause whether a guardrail breach pauses the experiment by itself (issue 22.6)
 * @param design {@link Design#AB} (default, null) or {@link Design#INTERLEAVING}, which needs exactly two
 *     treatments naming two different recommenders (issue 24)
 * @param layer the experiment's range of a mutual-exclusion layer (issue 23.2); null: none, every unit may enter
 * @param sharedItems interleaving only: whom an item both lists hold credits ({@link SharedItems}); null for
 *     A/B definitions, {@link SharedItems#PICKER} by default for interleaving ones
 */
public record ExperimentDefinition(String key, String description, String unit, double exposurePercent,
                                   List<Treatment> treatments, List<MetricSpec> metrics, String salt,
                                   Targeting targeting, List<String> slices, boolean autoPause, Design design,
                                   LayerSlot layer, SharedItems sharedItems) {
    /** At most this many slice dimensions: each one is a rollup row per value, treatment and metric. */
    public static final int MAX_SLICES = 5;
    public static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final Pattern UNIT = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    public static final int MAX_TREATMENTS = 26;
    public static final int MAX_DESCRIPTION = 2000;

    public ExperimentDefinition {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidDefinition("key must match " + KEY + ", got " + Treatment.quote(key));
        }
        description = description == null ? "" : description;
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidDefinition("description must be at most " + MAX_DESCRIPTION
                    + " characters, got " + description.length());
        }
        unit = unit == null ? "customer" : unit;
        if (!UNIT.matcher(unit).matches()) {
            throw new InvalidDefinition("unit must match " + UNIT + ", got " + Treatment.quote(unit));
        }
        if (!(exposurePercent >= 0 && exposurePercent <= 100)) {
            throw new InvalidDefinition("exposurePercent must be in 0..100, got " + exposurePercent);
        }
        if (Math.abs(exposurePercent * 100 - Math.round(exposurePercent * 100)) > 1e-6) {
            throw new InvalidDefinition("exposurePercent has a resolution of 0.01, got " + exposurePercent);
        }
        if (treatments == null || treatments.size() < 2) {
            throw new InvalidDefinition("an experiment needs at least 2 treatments (the first is the control), got "
                    + (treatments == null ? 0 : treatments.size()));
        }
        if (treatments.size() > MAX_TREATMENTS) {
            throw new InvalidDefinition("at most " + MAX_TREATMENTS + " treatments, got " + treatments.size());
        }
        treatments = List.copyOf(treatments);
        // Names differing only in case ("C", "c") read as one arm in every report and export.
        Map<String, String> names = new HashMap<>();
        for (Treatment t : treatments) {
            String other = names.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t.name());
            if (other != null) {
                throw new InvalidDefinition((other.equals(t.name()) ? "duplicate treatment name \"" + t.name() + "\""
                        : "treatment names \"" + other + "\" and \"" + t.name() + "\" differ only in case")
                        + " in " + treatments.stream().map(Treatment::name).toList());
            }
        }
        long totalWeight = treatments.stream().mapToLong(Treatment::weight).sum();
        if (totalWeight > Allocation.BUCKETS) {
            throw new InvalidDefinition("treatment weights must add up to at most " + Allocation.BUCKETS
                    + ", got " + treatments.stream().map(t -> String.valueOf(t.weight())).toList() + " = " + totalWeight);
        }
        if (metrics != null && metrics.isEmpty()) {
            // An empty list is a mistake, not a wish for the default: leaving the field out asks for that.
            throw new InvalidDefinition("metrics must name at least one metric; leave the field out for the default ("
                    + MetricSpec.defaultMetric().name() + ")");
        }
        metrics = metrics == null ? List.of(MetricSpec.defaultMetric()) : List.copyOf(metrics);
        Set<String> metricNames = new HashSet<>();
        for (MetricSpec m : metrics) {
            if (!metricNames.add(m.name())) {
                throw new InvalidDefinition("duplicate metric name \"" + m.name() + "\"");
            }
        }
        for (MetricSpec m : metrics) {
            if (m.ratio() != null) {
                ratioPart(m, m.ratio().numerator(), metrics);
                ratioPart(m, m.ratio().denominator(), metrics);
            }
        }
        List<String> primaries = metrics.stream().filter(m -> m.role() == MetricSpec.Role.PRIMARY).map(MetricSpec::name).toList();
        if (primaries.size() > 1) {
            throw new InvalidDefinition("at most one metric may have role primary, got " + primaries);
        }
        slices = slices == null ? List.of() : List.copyOf(slices);
        if (slices.size() > MAX_SLICES) {
            throw new InvalidDefinition("slices: at most " + MAX_SLICES + " dimensions, got " + slices.size());
        }
        if (new HashSet<>(slices).size() != slices.size()) {
            throw new InvalidDefinition("slices: duplicate dimension in " + slices);
        }
        for (String s : slices) {
            if (s == null || !io.recolab.targeting.Attributes.NAME.matcher(s).matches()) {
                throw new InvalidDefinition("slices: a dimension is an attribute name matching "
                        + io.recolab.targeting.Attributes.NAME + ", got " + Treatment.quote(s));
            }
        }
        if (autoPause && metrics.stream().noneMatch(m -> m.role() == MetricSpec.Role.GUARDRAIL)) {
            throw new InvalidDefinition("autoPause needs at least one metric with role guardrail");
        }
        salt = salt == null ? key : salt;
        if (!KEY.matcher(salt).matches()) {
            throw new InvalidDefinition("salt must match " + KEY + ", got " + Treatment.quote(salt));
        }
        design = design == null ? Design.AB : design;
        if (design == Design.INTERLEAVING) {
            checkInterleaving(treatments);
            sharedItems = sharedItems == null ? SharedItems.PICKER : sharedItems;
        } else if (sharedItems != null) {
            throw new InvalidDefinition("sharedItems: applies to design interleaving only, this definition's design is "
                    + design.wireName());
        }
    }

    /** Any definition but an interleaving one with a non-default sharedItems (which was written before it existed). */
    public ExperimentDefinition(String key, String description, String unit, double exposurePercent,
                                List<Treatment> treatments, List<MetricSpec> metrics, String salt, Targeting targeting,
                                List<String> slices, boolean autoPause, Design design, LayerSlot layer) {
        this(key, description, unit, exposurePercent, treatments, metrics, salt, targeting, slices, autoPause, design, layer,
                null);
    }

    /** Interleaving pits two recommenders against each other in one list: two sides, not the same one twice. */
    private static void checkInterleaving(List<Treatment> treatments) {
        if (treatments.size() != 2) {
            throw new InvalidDefinition("treatments: design interleaving compares exactly 2 recommenders, got "
                    + treatments.size() + " treatments " + treatments.stream().map(Treatment::name).toList());
        }
        if (treatments.get(0).recommender().equals(treatments.get(1).recommender())) {
            throw new InvalidDefinition("treatments[1].recommender: design interleaving needs two different"
                    + " recommenders, both treatments name \"" + treatments.get(0).recommender() + "\"");
        }
    }

    /** A definition outside any layer. */
    public ExperimentDefinition(String key, String description, String unit, double exposurePercent,
                                List<Treatment> treatments, List<MetricSpec> metrics, String salt, Targeting targeting,
                                List<String> slices, boolean autoPause, Design design) {
        this(key, description, unit, exposurePercent, treatments, metrics, salt, targeting, slices, autoPause, design, null);
    }

    /** This definition in another layer range (null: out of any layer), every other part kept. */
    public ExperimentDefinition withLayer(LayerSlot newLayer) {
        return new ExperimentDefinition(key, description, unit, exposurePercent, treatments, metrics, salt, targeting,
                slices, autoPause, design, newLayer, sharedItems);
    }

    /** An A/B definition, as before interleaving existed. */
    public ExperimentDefinition(String key, String description, String unit, double exposurePercent,
                                List<Treatment> treatments, List<MetricSpec> metrics, String salt, Targeting targeting,
                                List<String> slices, boolean autoPause) {
        this(key, description, unit, exposurePercent, treatments, metrics, salt, targeting, slices, autoPause, Design.AB);
    }

    /** This definition with another salt, every other part kept (simulate --seed). */
    public ExperimentDefinition withSalt(String newSalt) {
        return new ExperimentDefinition(key, description, unit, exposurePercent, treatments, metrics, newSalt, targeting,
                slices, autoPause, design, layer, sharedItems);
    }

    /** This interleaving definition with another rule for shared items, every other part kept. */
    public ExperimentDefinition withSharedItems(SharedItems rule) {
        return new ExperimentDefinition(key, description, unit, exposurePercent, treatments, metrics, salt, targeting,
                slices, autoPause, design, layer, rule);
    }

    public boolean isInterleaving() {
        return design == Design.INTERLEAVING;
    }

    /** A ratio's part is another metric of the definition that is no ratio itself, or the unit's exposures. */
    private static void ratioPart(MetricSpec ratio, String part, List<MetricSpec> metrics) {
        MetricSpec found = metrics.stream().filter(m -> m.name().equals(part)).findFirst().orElse(null);
        if (found == null && !part.equals(MetricSpec.EXPOSURES)) {
            throw new InvalidDefinition("metric " + ratio.name() + ": \"" + part + "\" is not a metric of this definition"
                    + " (nor \"" + MetricSpec.EXPOSURES + "\"); its metrics: " + metrics.stream().map(MetricSpec::name).toList());
        }
        if (found != null && found.type() == MetricSpec.Type.RATIO) {
            throw new InvalidDefinition("metric " + ratio.name() + ": its part \"" + part + "\" is itself a ratio");
        }
    }

    /** A definition without slices or automatic pause. */
    public ExperimentDefinition(String key, String description, String unit, double exposurePercent,
                                List<Treatment> treatments, List<MetricSpec> metrics, String salt, Targeting targeting) {
        this(key, description, unit, exposurePercent, treatments, metrics, salt, targeting, List.of(), false);
    }

    /** A definition without targeting (every unit may enter). */
    public ExperimentDefinition(String key, String description, String unit, double exposurePercent,
                                List<Treatment> treatments, List<MetricSpec> metrics, String salt) {
        this(key, description, unit, exposurePercent, treatments, metrics, salt, null);
    }

    public Treatment control() {
        return treatments.get(0);
    }

    public Allocation allocation() {
        return Allocation.of(salt, exposurePercent, treatments.stream().map(Treatment::weight).toList());
    }

    /** The metric stated primary, else the first that is not a guardrail, else the first. */
    public MetricSpec primaryMetric() {
        return metrics.stream().filter(m -> m.role() == MetricSpec.Role.PRIMARY).findFirst()
                .or(() -> metrics.stream().filter(m -> m.role() != MetricSpec.Role.GUARDRAIL).findFirst())
                .orElse(metrics.get(0));
    }

    /** The metrics whose role is guardrail. */
    public java.util.List<MetricSpec> guardrails() {
        return metrics.stream().filter(m -> m.role() == MetricSpec.Role.GUARDRAIL).toList();
    }

    /**
     * The parts that decide who gets which treatment; frozen once the experiment has run. The
     * targeting too: changing it mid-run would mix two populations in one comparison.
     */
    boolean sameArms(ExperimentDefinition other) {
        return treatments.equals(other.treatments) && salt.equals(other.salt) && unit.equals(other.unit)
                && java.util.Objects.equals(targeting, other.targeting) && design == other.design;
    }
}
