package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;
import io.recolab.data.InteractionsBuilder;

import java.util.SplittableRandom;

/** Small seeded logs for the autoencoder tests. */
final class Fixtures {
    static final long DAY = 86_400L;

    private Fixtures() {
    }

    /**
     * A planted temporal pattern: in the first 3 weeks every customer buys a random half of 20 "classic"
     * items, never again afterwards. From then on, one new item launches every 3 days and a random 60% of
     * customers buy it within the 10 days after its launch. What sells next is what launched lately, which
     * the history alone (matrix completion) cannot tell.
     */
    static Interactions trending(int customers, int days, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        InteractionsBuilder builder = new InteractionsBuilder();
        for (int c = 0; c < customers; c++) {
            for (int i = 0; i < 20; i++) {
                if (random.nextBoolean()) {
                    builder.add("c" + c, "classic" + i, random.nextInt(21) * DAY + random.nextInt(80_000));
                }
            }
        }
        for (int launch = 21, n = 0; launch < days; launch += 3, n++) {
            for (int c = 0; c < customers; c++) {
                if (random.nextDouble() < 0.6) {
                    int day = Math.min(days - 1, launch + random.nextInt(10));
                    builder.add("c" + c, "new" + n, day * DAY + random.nextInt(80_000));
                }
            }
        }
        return builder.build();
    }

    /** A quick configuration for tests: small, few epochs, seeded. */
    static AutoencoderConfig quick(AutoencoderConfig base) {
        return base.with("hidden", "8").with("maxEpochs", "4").with("batchSize", "32").with("learningRate", "0.01")
                .with("trainingCutoffs", "6").with("strideDays", "3");
    }
}
