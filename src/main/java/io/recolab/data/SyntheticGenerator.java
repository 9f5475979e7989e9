package io.recolab.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded purchase logs with the structure the recommenders and the A/B demo need:
 * <ul>
 *   <li>latent tastes: items belong to one of K topics; a basket comes from the customer's primary topic
 *       (70%), secondary topic (18%) or the whole catalogue (12%), so co-purchases carry signal;</li>
 *   <li>a long tail: an item's base popularity is Zipf-like, 1/(rank+2) for a random rank;</li>
 *   <li>heavy and light buyers: a customer's rate is log-normal (sigma 1.1), and buys come in baskets;</li>
 *   <li>new items: a quarter of the catalogue is released during the period and trends, its weight
 *       multiplied by 1 + 40 exp(-age/14 days), so what sold in the last two weeks predicts the next two
 *       (items released in the previous 28 days, ~2% of the catalogue, take 7-11% of the next 14 days'
 *       purchases; bestseller over 14 days hits twice as often as all-time bestseller).</li>
 * </ul>
 * Work is O(interactions x log items + days x items): baskets are generated per customer, bucketed by day,
 * and each day's sampling tables are rebuilt once.
 */
public final class SyntheticGenerator {
    /** 2024-01-01T00:00:00Z: generated logs start here, so runs are reproducible to the second. */
    public static final long START = 1_704_067_200L;
    static final double NEW_ITEM_SHARE = 0.25;
    static final double TREND_BOOST = 40;
    static final double TREND_DAYS = 14;
    private static final double MEAN_RATE_PER_DAY = 0.08;
    private static final double RATE_SIGMA = 1.1;
    private static final double MEAN_EXTRA_BASKET_ITEMS = 1.5;

    private SyntheticGenerator() {
    }

    public static LoadResult load(SyntheticSpec spec) {
        Interactions log = generate(spec);
        return new LoadResult(log, log.size(), 0, 0);
    }

    public static Interactions generate(SyntheticSpec spec) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        ItemCatalogue catalogue = ItemCatalogue.create(spec.items(), spec.days(), random);
        int topics = catalogue.topics();
        int customers = spec.customers();
        int days = spec.days();

        int[] primary = new int[customers];
        int[] secondary = new int[customers];
        // Baskets per customer first (counts), then bucket them by day.
        int[] basketCustomer = new int[Math.max(16, customers * 4)];
        int[] basketDay = new int[basketCustomer.length];
        int baskets = 0;
        double mu = Math.log(MEAN_RATE_PER_DAY) - RATE_SIGMA * RATE_SIGMA / 2;
        for (int c = 0; c < customers; c++) {
            primary[c] = random.nextInt(topics);
            secondary[c] = topics == 1 ? 0 : (primary[c] + 1 + random.nextInt(topics - 1)) % topics;
            double rate = Math.exp(mu + RATE_SIGMA * gaussian(random));
            int join = random.nextDouble() < 0.6 ? 0 : random.nextInt(Math.max(1, (int) (days * 0.8)));
            int active = days - join;
            int count = Math.max(1, poisson(rate * active / (1 + MEAN_EXTRA_BASKET_ITEMS), random));
            if (baskets + count > basketCustomer.length) {
                int capacity = Math.max(baskets + count, basketCustomer.length * 2);
                basketCustomer = Arrays.copyOf(basketCustomer, capacity);
                basketDay = Arrays.copyOf(basketDay, capacity);
            }
            for (int b = 0; b < count; b++) {
                basketCustomer[baskets] = c;
                basketDay[baskets] = join + random.nextInt(active);
                baskets++;
            }
        }
        Csr byDay = Csr.groupPositions(basketDay, baskets, days);

        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) (baskets * (2 + MEAN_EXTRA_BASKET_ITEMS)) + 16);
        int[] customerColumn = new int[capacity];
        int[] itemColumn = new int[capacity];
        long[] timeColumn = new long[capacity];
        int size = 0;
        for (int day = 0; day < days; day++) {
            catalogue.prepareDay(day);
            for (int k = byDay.start(day); k < byDay.end(day); k++) {
                int b = byDay.values()[k];
                int c = basketCustomer[b];
                double r = random.nextDouble();
                int topic = r < 0.70 ? primary[c] : r < 0.88 ? secondary[c] : -1;
                int items = 1 + geometric(MEAN_EXTRA_BASKET_ITEMS, random);
                long time = START + day * 86_400L + random.nextInt(86_400 - 64);
                for (int j = 0; j < items; j++) {
                    if (size == customerColumn.length) {
                        int grown = size + size / 2;
                        customerColumn = Arrays.copyOf(customerColumn, grown);
                        itemColumn = Arrays.copyOf(itemColumn, grown);
                        timeColumn = Arrays.copyOf(timeColumn, grown);
                    }
                    customerColumn[size] = c;
                    itemColumn[size] = catalogue.sample(topic, random);
                    timeColumn[size] = time + j;
                    size++;
                }
            }
        }
        return Interactions.of(Arrays.copyOf(customerColumn, size), Arrays.copyOf(itemColumn, size),
                Arrays.copyOf(timeColumn, size), ids("c", customers), ids("i", spec.items()));
    }

    /** When item {@code item} of a generated catalogue is released (day index; negative = before the start). */
    public static int releaseDay(SyntheticSpec spec, int item) {
        return ItemCatalogue.create(spec.items(), spec.days(), new SplittableRandom(spec.seed())).release(item);
    }

    private static Dictionary ids(String prefix, int n) {
        int width = Integer.toString(n - 1).length();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            String digits = Integer.toString(i);
            ids[i] = prefix + "0".repeat(width - digits.length()) + digits;
        }
        return Dictionary.ofSorted(ids);
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static int poisson(double mean, SplittableRandom random) {
        if (mean > 40) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private static int geometric(double mean, SplittableRandom random) {
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }
}
