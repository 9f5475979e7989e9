package io.recolab.export;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The four exports of CONTRACT section 5: the results table and the daily rollups (small, from the
 * rollups), and the raw exposures and conversions (streamed from the events table).
 */
public enum ExportFile {
    RESULTS("results"), DAILY("daily"), EXPOSURES("exposures"), CONVERSIONS("conversions");

    private final String wireName;

    ExportFile(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean rawEvents() {
        return this == EXPOSURES || this == CONVERSIONS;
    }

    public String fileName(ExportFormat format) {
        return wireName + "." + format.extension();
    }

    public static ExportFile parse(String text) {
        for (ExportFile f : values()) {
            if (f.wireName.equals(text == null ? null : text.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("no export '" + text + "' (known: " + String.join(", ", names()) + ")");
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ExportFile::wireName).toList();
    }

    /** Every file name the server answers, e.g. {@code results.csv}, {@code exposures.jsonl}. */
    public static List<String> fileNames() {
        return Arrays.stream(values()).flatMap(f -> Arrays.stream(ExportFormat.values()).map(f::fileName)).toList();
    }
}
