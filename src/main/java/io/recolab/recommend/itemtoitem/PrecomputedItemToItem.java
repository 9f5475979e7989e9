package io.recolab.recommend.itemtoitem;

import io.recolab.data.Interactions;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;
import java.nio.file.Path;

/**
 * Item-to-item whose similar-items table was computed elsewhere (the Spark job, spark/ItemToItemJob) and
 * published as a {@link SimilarItemsFile}: "training" reads the table fresh from the directory and maps it
 * onto the log, so each scheduled retrain swaps in whatever table was published last. Scoring (the
 * customer's history, recency weighting) is the in-memory {@link ItemToItem}'s.
 */
public final class PrecomputedItemToItem implements Recommender {
    private final Path directory;
    private final double halfLifeDays;

    public PrecomputedItemToItem(Path directory, double halfLifeDays) {
        if (directory == null || !(halfLifeDays >= 0)) {
            throw new IllegalArgumentException("a table directory and halfLifeDays >= 0 are required, got "
                    + directory + ", " + halfLifeDays);
        }
        this.directory = directory;
        this.halfLifeDays = halfLifeDays;
    }

    /** The table in place of {@code item-to-item}'s own: the corrected measure's recency setting. */
    public static PrecomputedItemToItem corrected(Path directory) {
        return new PrecomputedItemToItem(directory, 365);
    }

    @Override
    public TrainedModel train(Interactions training) {
        SimilarItemsFile.Loaded loaded = SimilarItemsFile.load(directory, training.items());
        return new ItemToItem.Model(loaded.table(), training.customerItems(), training.horizon(), halfLifeDays);
    }

    @Override
    public String toString() {
        return "item-to-item(table from " + directory + ")";
    }
}
