package io.recolab.data;

/** Tiny logs for tests: each row is "customer item epochSeconds". */
public final class TestLogs {
    private TestLogs() {
    }

    public static Interactions log(String... rows) {
        InteractionsBuilder builder = new InteractionsBuilder();
        for (String row : rows) {
            String[] f = row.trim().split("\\s+");
            builder.add(f[0], f[1], Long.parseLong(f[2]));
        }
        return builder.build();
    }

    /** Baskets "customer: item item ..." all at time 0 + row number, in order. */
    public static Interactions baskets(String... baskets) {
        InteractionsBuilder builder = new InteractionsBuilder();
        long time = 0;
        for (String basket : baskets) {
            String[] parts = basket.split(":");
            for (String item : parts[1].trim().split("\\s+")) {
                builder.add(parts[0].trim(), item, time);
            }
            time++;
        }
        return builder.build();
    }
}
