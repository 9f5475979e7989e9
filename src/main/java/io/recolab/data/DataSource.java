package io.recolab.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * A data set named as on the command line, {@code FORMAT:PATH} (CONTRACT section 2):
 * {@code movielens:PATH}, {@code online-retail:PATH}, {@code events:PATH} or
 * {@code synthetic:key=value,...}. {@link #parse} checks the spelling, {@link #load} reads it.
 */
public record DataSource(Format format, String argument) {
    public enum Format {
        MOVIELENS("movielens"), ONLINE_RETAIL("online-retail"), EVENTS("events"), SYNTHETIC("synthetic");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Format of(String label, String spec) {
            for (Format f : values()) {
                if (f.label.equals(label.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new DataException("unknown data format '" + label + "' in '" + spec
                    + "' (expected movielens:PATH, online-retail:PATH, events:PATH or synthetic:key=value,...)");
        }
    }

    public DataSource {
        if (format == null || argument == null) {
            throw new DataException("a data source needs a format and an argument, got " + format + ":" + argument);
        }
        if (format != Format.SYNTHETIC && argument.isBlank()) {
            throw new DataException("no path given for " + format.label() + " (expected " + format.label() + ":PATH)");
        }
        if (format == Format.SYNTHETIC) {
            SyntheticSpec.parse(argument); // reject bad parameters when the source is named, not when loaded
        }
    }

    public static DataSource parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new DataException("no data source given (expected FORMAT:PATH, e.g. movielens:/data/u.data)");
        }
        int colon = spec.indexOf(':');
        if (colon < 0) {
            if (spec.trim().equalsIgnoreCase("synthetic")) {
                return new DataSource(Format.SYNTHETIC, "");
            }
            throw new DataException("data source '" + spec + "' has no format (expected FORMAT:PATH, e.g. movielens:"
                    + spec + ")");
        }
        return new DataSource(Format.of(spec.substring(0, colon).trim(), spec), spec.substring(colon + 1));
    }

    /** Reads the data set, streaming files row by row. */
    public LoadResult load() {
        return load(fraction -> { });
    }

    /** Reads the data set, telling {@code progress} the share done (0..1) now and then, for a progress bar. */
    public LoadResult load(DoubleConsumer progress) {
        LoadResult result = switch (format) {
            case MOVIELENS -> MovieLensLoader.load(Path.of(argument), progress);
            case ONLINE_RETAIL -> OnlineRetailLoader.load(Path.of(argument), progress);
            case EVENTS -> EventsLoader.load(Path.of(argument), progress);
            case SYNTHETIC -> SyntheticGenerator.load(SyntheticSpec.parse(argument));
        };
        progress.accept(1.0);
        return result;
    }

    @Override
    public String toString() {
        return format.label() + ":" + argument;
    }
}
