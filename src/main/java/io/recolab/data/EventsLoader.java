package io.recolab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * Generic events: a CSV with header {@code customer,item,timestamp} in any order (extra columns ignored);
 * the timestamp is epoch seconds or ISO-8601 (read as UTC when it has no offset).
 */
final class EventsLoader {
    private static final String[] REQUIRED = {"customer", "item", "timestamp"};

    private EventsLoader() {
    }

    static LoadResult load(Path path, DoubleConsumer progress) {
        RowTally tally = new RowTally(path.toString());
        InteractionsBuilder builder = new InteractionsBuilder();
        try (CsvReader csv = new CsvReader(RowTally.open(path, progress))) {
            if (!csv.next()) {
                throw new DataException("data file is empty: " + path);
            }
            int[] at = new int[REQUIRED.length];
            int width = 0;
            for (int r = 0; r < REQUIRED.length; r++) {
                at[r] = -1;
                for (int f = 0; f < csv.count(); f++) {
                    if (csv.field(f).trim().replace("\uFEFF", "").equalsIgnoreCase(REQUIRED[r])) {
                        at[r] = f;
                    }
                }
                if (at[r] < 0) {
                    throw new DataException(path + ": the events header must name customer, item and timestamp"
                            + " columns; it has no '" + REQUIRED[r] + "'");
                }
                width = Math.max(width, at[r] + 1);
            }
            while (csv.next()) {
                if (csv.malformed() || csv.count() < width) {
                    tally.skip(csv.line(), csv.malformed() ? "unterminated quote" : "only " + csv.count() + " fields");
                    continue;
                }
                String customer = csv.field(at[0]).trim();
                String item = csv.field(at[1]).trim();
                if (customer.isEmpty() || item.isEmpty()) {
                    tally.skip(csv.line(), "empty customer or item");
                    continue;
                }
                try {
                    builder.add(customer, item, Timestamps.eventTime(csv.field(at[2])));
                    tally.keep();
                } catch (IllegalArgumentException e) {
                    tally.skip(csv.line(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return tally.finish(builder);
    }
}
