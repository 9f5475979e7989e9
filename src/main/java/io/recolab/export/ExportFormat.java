package io.recolab.export;

import java.util.Locale;

/** How an export is written: RFC 4180 CSV (a header row, CRLF line ends) or JSON lines (one object a line). */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    JSONL("jsonl", "application/x-ndjson; charset=utf-8");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ExportFormat parse(String text) {
        for (ExportFormat f : values()) {
            if (f.extension.equals(text == null ? null : text.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be csv or jsonl, got '" + text + "'");
    }
}
