package io.recolab.events;

import io.recolab.experiment.Status;
import java.time.Instant;

/**
 * Why a stored event stays out of the analysis. Such events are kept (exports show them, with
 * {@code in_experiment} false) and counted per reason, in the answer to the batch and in the
 * experiment's results, so that nothing is left out silently. A batch may mix experiments, so an
 * event is excluded on its own instead of failing its batch. Exposures may carry any reason;
 * conversions only {@link #FORCED} and {@link #STOPPED} ({@link #ofConversion}).
 */
public enum Exclusion {
    /** The unit is outside the experiment's exposurePercent (by design: it sees the control). */
    OUTSIDE_EXPOSURE("outsideExposure"),
    /**
     * The exposure's attributes are outside the experiment's targeting: an assignment call with them
     * answers the control, out of the experiment, so analysing it under its hashed treatment would
     * count a unit in an arm it never saw.
     */
    OUTSIDE_TARGETING("outsideTargeting"),
    /**
     * The unit's layer bucket is outside the experiment's range of its layer (issue 23.2): another
     * experiment of the layer may hold it, and the unit sees the control here.
     */
    OUTSIDE_LAYER("outsideLayer"),
    /** The unit is held out by a running holdout whose scope takes the experiment (issue 23.3). */
    HELD_OUT("heldOut"),
    /** The experiment was a draft when the exposure arrived: nothing is analysed before the start. */
    DRAFT("draft"),
    /** The experiment was paused: exposures of a pause would mix old and new traffic silently. */
    PAUSED("paused"),
    /**
     * The experiment was stopped: an exposure arriving after the stop, or a conversion that occurred
     * at or after it (units get the control from then on, so what they do says nothing of their arm;
     * a conversion that occurred before the stop and is reported late still counts).
     */
    STOPPED("stopped"),
    /**
     * The exposure's timestamp lies before the experiment started (less the clock skew tolerated,
     * see EventParser): a back-dated exposure would make the results claim traffic (and days) from
     * before the experiment existed.
     */
    BEFORE_START("beforeStart"),
    /**
     * The unit was forced into its treatment by an override (QA, issue 23.4): it did not come by
     * the allocation, so it would bias the comparison.
     */
    FORCED("forced");

    private final String wireName;

    Exclusion(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The reason of this wire name, or null for one this release does not know. */
    public static Exclusion ofWireName(String wireName) {
        for (Exclusion x : values()) {
            if (x.wireName.equals(wireName)) {
                return x;
            }
        }
        return null;
    }

    /**
     * Why a conversion stays out, or null if it counts (within its unit's window, as every conversion).
     *
     * @param forced     whether the unit is forced into its treatment (QA)
     * @param stoppedAt  when the experiment was stopped (null while it was not)
     * @param occurredAt the conversion's timestamp
     */
    public static Exclusion ofConversion(boolean forced, Instant stoppedAt, Instant occurredAt) {
        return forced ? FORCED : io.recolab.experiment.Experiment.stoppedBy(stoppedAt, occurredAt) ? STOPPED : null;
    }

    /** Whether a conversion may carry this reason ({@link #ofConversion} gives no other). */
    public boolean appliesToConversions() {
        return this == FORCED || this == STOPPED;
    }

    /**
     * Why an exposure arriving now stays out, or null if it is analysed.
     *
     * @param status       the experiment's status when the exposure arrives
     * @param startedAt    the earliest timestamp analysed: the start less the tolerated clock skew (null if never started)
     * @param inExposure   whether the unit is inside exposurePercent
     * @param occurredAt   the exposure's timestamp
     */
    public static Exclusion of(Status status, Instant startedAt, boolean inExposure, Instant occurredAt) {
        return switch (status) {
            case DRAFT -> DRAFT;
            case PAUSED -> PAUSED;
            case STOPPED -> STOPPED;
            case RUNNING -> !inExposure ? OUTSIDE_EXPOSURE
                    : startedAt != null && occurredAt.isBefore(startedAt) ? BEFORE_START : null;
        };
    }
}
