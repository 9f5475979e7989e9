package io.recolab.serving;

import io.recolab.experiment.Assignment;
import java.util.List;

/**
 * The answer to "what should this unit see?": the assignment, the items, and, when the treatment's
 * own model could not answer, which fallback did.
 *
 * @param fallback null when the treatment's model answered; {@code cold-start} (unknown customer:
 *     the bestseller list), {@code control-model} (the treatment's model is missing or failed),
 *     {@code no-model} (nothing trained yet: no items)
 * @param servedBy the recommender whose model produced the items
 * @param targeted false when the experiment's targeting did not take the unit: no exposure is logged
 */
public record Recommended(Assignment assignment, List<Item> items, String fallback, String servedBy,
                          boolean targeted) {
    public Recommended(Assignment assignment, List<Item> items, String fallback, String servedBy) {
        this(assignment, items, fallback, servedBy, true);
    }

    public record Item(String item, double score) {
    }
}
