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
 */
public record Recommended(Assignment assignment, List<Item> items, String fallback, String servedBy) {
    public record Item(String item, double score) {
    }
}
