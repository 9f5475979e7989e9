package io.recolab.assign;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An experiment's whole assignment rule compiled once (per catalog refresh, not per call): the
 * allocation, its layer range and its targeting. Deciding is a pure function of the plan, the
 * unit and the call's attributes, taken in a fixed order where the first step that leaves the
 * unit out says why:
 * <ol>
 *   <li>forced: a unit QA has forced into a treatment gets it, in any status (issue 23.4); such
 *       answers are marked and their exposures left out of the analysis;</li>
 *   <li>not running: everyone gets the control, outside (CONTRACT §5);</li>
 *   <li>holdout: the unit is in the held-out share of a running holdout whose scope takes this
 *       experiment (issue 23.3): kept out of every experiment in scope;</li>
 *   <li>layer: the unit's layer bucket is outside the experiment's range (another experiment of
 *       the layer may hold it);</li>
 *   <li>targeting: the condition does not take the unit's attributes;</li>
 *   <li>exposure: the unit's exposure bucket is above the exposed share.</li>
 * </ol>
 * The treatment comes from the experiment's own hash, independent of the layer's, so growing a
 * range (or the exposure) only admits units and never moves one.
 *
 * <p>The answer is packed into a long like {@link Assigner#assign}'s, with the reason in bits
 * 45-47: the hot path allocates nothing.
 */
public final class Plan {
    /** Why a unit is in or out, in the order the plan decides. */
    public enum Reason {
        IN("in"), FORCED("forced"), NOT_RUNNING("not-running"), HOLDOUT("holdout"), LAYER("layer"), TARGETING("targeting"), EXPOSURE("exposure");

        private static final Reason[] ALL = values();
        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        /** The compact form answers carry ("layer", "not-running", ...). */
        public String wireName() {
            return wire;
        }
    }

    private static final int REASON_SHIFT = 45;
    private final Allocation allocation;
    private final LayerSlot layer;
    private final byte[] layerPrefix;
    private final Predicate<Map<String, ?>> targeting;
    private final Map<String, Integer> forced;
    private final java.util.List<HoldoutRule> holdouts;
    private final byte[][] holdoutPrefixes;
    private final int[] holdoutShares;

    /**
     * @param layer the experiment's layer range; null: not in a layer
     * @param targeting which attributes the experiment takes; null: every unit
     */
    public Plan(Allocation allocation, LayerSlot layer, Predicate<Map<String, ?>> targeting) {
        this(allocation, layer, targeting, Map.of());
    }

    /** @param forced unit -> treatment index, for units forced into a treatment (QA) */
    public Plan(Allocation allocation, LayerSlot layer, Predicate<Map<String, ?>> targeting, Map<String, Integer> forced) {
        this(allocation, layer, targeting, forced, java.util.List.of());
    }

    /** @param holdouts the running holdouts whose scope takes this experiment (the caller filtered them) */
    public Plan(Allocation allocation, LayerSlot layer, Predicate<Map<String, ?>> targeting, Map<String, Integer> forced,
                java.util.List<HoldoutRule> holdouts) {
        this.holdouts = java.util.List.copyOf(holdouts);
        this.holdoutPrefixes = new byte[this.holdouts.size()][];
        this.holdoutShares = new int[this.holdouts.size()];
        for (int i = 0; i < holdoutShares.length; i++) {
            holdoutPrefixes[i] = (this.holdouts.get(i).salt() + ":").getBytes(StandardCharsets.UTF_8);
            holdoutShares[i] = this.holdouts.get(i).share();
        }
        this.forced = Map.copyOf(forced);
        this.allocation = allocation;
        this.layer = layer;
        this.layerPrefix = layer == null ? null : (layer.salt() + ":").getBytes(StandardCharsets.UTF_8);
        this.targeting = targeting;
    }

    public Allocation allocation() {
        return allocation;
    }

    public LayerSlot layer() {
        return layer;
    }

    public Map<String, Integer> forced() {
        return forced;
    }

    public java.util.List<HoldoutRule> holdouts() {
        return holdouts;
    }

    public boolean targeted() {
        return targeting != null;
    }

    /**
     * @param attributes the call's attributes; null skips the targeting (events carry none: an
     *     exposure is trusted to have been logged for a unit the targeting took)
     */
    public long decide(String unit, boolean running, Map<String, ?> attributes) {
        return decide(unit, running, attributes, UNKNOWN);
    }

    /** Whether the targeting takes these attributes (true without targeting; null attributes skip it). */
    public boolean takes(Map<String, ?> attributes) {
        return targeting == null || attributes == null || targeting.test(attributes);
    }

    /**
     * As {@link #decide(String, boolean, Map)} with the targeting's verdict on the call's attributes already
     * known ({@link #takes}): a batch brings one set of attributes for all its units, and a condition of many
     * regexes costs milliseconds, so it is evaluated once per experiment, not once per unit, on the event loop.
     */
    public long decide(String unit, boolean running, boolean takes) {
        return decide(unit, running, null, takes ? TAKES : REFUSES);
    }

    private static final int UNKNOWN = 0;
    private static final int TAKES = 1;
    private static final int REFUSES = 2;

    private long decide(String unit, boolean running, Map<String, ?> attributes, int verdict) {
        if (!forced.isEmpty()) {
            Integer t = forced.get(unit);
            if (t != null) {
                // In the experiment (the unit sees that treatment), marked forced so it is never analysed.
                return (t & 0xffffL) | (1L << 16) | ((long) Reason.FORCED.ordinal() << REASON_SHIFT);
            }
        }
        if (!running) {
            return out(Reason.NOT_RUNNING);
        }
        Bucketing.Scratch scratch = Bucketing.scratch();
        scratch.encode(unit); // once for every hash below
        for (int i = 0; i < holdoutShares.length; i++) {
            if (Bucketing.bucketOf(scratch.hash(holdoutPrefixes[i])) < holdoutShares[i]) {
                return out(Reason.HOLDOUT);
            }
        }
        if (layer != null && !layer.holds(Bucketing.bucketOf(scratch.hash(layerPrefix)))) {
            return out(Reason.LAYER);
        }
        if (targeting != null && (verdict == REFUSES
                || verdict == UNKNOWN && attributes != null && !targeting.test(attributes))) {
            return out(Reason.TARGETING);
        }
        long packed = Assigner.assignEncoded(allocation, scratch);
        return Assigner.inExperiment(packed) ? packed : packed | ((long) Reason.EXPOSURE.ordinal() << REASON_SHIFT);
    }

    private static long out(Reason reason) {
        return (long) reason.ordinal() << REASON_SHIFT;
    }

    public static Reason reasonOf(long packed) {
        return Reason.ALL[(int) ((packed >>> REASON_SHIFT) & 0x7)];
    }
}
