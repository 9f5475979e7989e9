package io.recolab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * MovieLens ratings, every rating one interaction: {@code ratings.dat} ({@code user::item::rating::epoch}),
 * {@code u.data} (tab-separated) or {@code ratings.csv} (header {@code userId,movieId,rating,timestamp}).
 * The variant is detected from the first non-blank line; a MovieLens folder may be given instead of the file. MovieLens CSV has no quoted fields, so plain
 * splitting is enough for all three.
 */
final class MovieLensLoader {
    private MovieLensLoader() {
    }

    static LoadResult load(Path given, DoubleConsumer progress) {
        Path path = ratingsFile(given);
        RowTally tally = new RowTally(path.toString());
        InteractionsBuilder builder = new InteractionsBuilder();
        String[] fields = new String[4];
        try (BufferedReader in = RowTally.open(path, progress)) {
            String separator = null;
            long lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (separator == null) {
                    separator = detect(line, path);
                    if (separator.equals(",") && line.startsWith("userId")) {
                        continue; // the ratings.csv header
                    }
                }
                if (split(line, separator, fields) < 4) {
                    tally.skip(lineNumber, "expected user, item, rating, timestamp: " + RowTally.preview(line));
                    continue;
                }
                try {
                    Double.parseDouble(fields[2]);
                    long epoch;
                    try {
                        epoch = Timestamps.inRange(Long.parseLong(fields[3].trim()), fields[3].trim());
                    } catch (NumberFormatException e) {
                        throw e;
                    } catch (IllegalArgumentException e) {
                        tally.skip(lineNumber, e.getMessage() + ": " + RowTally.preview(line));
                        continue;
                    }
                    String user = fields[0].trim();
                    String item = fields[1].trim();
                    if (user.isEmpty() || item.isEmpty()) {
                        tally.skip(lineNumber, "empty user or item: " + RowTally.preview(line));
                        continue;
                    }
                    builder.add(user, item, epoch);
                    tally.keep();
                } catch (NumberFormatException e) {
                    tally.skip(lineNumber, "bad rating or timestamp: " + RowTally.preview(line));
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return tally.finish(builder);
    }

    /** A MovieLens folder (ml-100k/, ml-1m/, ml-latest/) names its ratings file; a file is taken as it is. */
    static Path ratingsFile(Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        for (String name : new String[] {"ratings.dat", "u.data", "ratings.csv"}) {
            if (Files.isRegularFile(path.resolve(name))) {
                return path.resolve(name);
            }
        }
        throw new DataException("no MovieLens ratings file in " + path + " (expected ratings.dat, u.data or ratings.csv)");
    }

    private static String detect(String firstLine, Path path) {
        if (firstLine.contains("::")) {
            return "::";
        }
        if (firstLine.indexOf('\t') >= 0) {
            return "\t";
        }
        if (firstLine.indexOf(',') >= 0) {
            return ",";
        }
        throw new DataException(path + ": not a MovieLens ratings file (expected '::', tab or comma separated"
                + " user, item, rating, timestamp; first line " + RowTally.preview(firstLine) + ")");
    }

    /** Splits into at most fields.length pieces; returns how many were found (more than 4 counts as 4). */
    private static int split(String line, String separator, String[] fields) {
        int from = 0;
        for (int f = 0; f < fields.length; f++) {
            int at = line.indexOf(separator, from);
            if (f == fields.length - 1 || at < 0) {
                fields[f] = at < 0 ? line.substring(from) : line.substring(from, at);
                return f + 1;
            }
            fields[f] = line.substring(from, at);
            from = at + separator.length();
        }
        return fields.length;
    }
}
