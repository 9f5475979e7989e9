package io.recolab.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Whole UTC days {@code [from, to]}, both inclusive, either end open. Raw events are filtered on
 * their timestamp ({@code occurred_at}), daily rows on their day.
 */
public record DateRange(LocalDate from, LocalDate to) {
    public static final DateRange ALL = new DateRange(null, null);

    public DateRange {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
        }
    }

    /** @throws IllegalArgumentException naming the parameter and the expected form */
    public static DateRange parse(String from, String to) {
        return new DateRange(day("from", from), day("to", to));
    }

    private static LocalDate day(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(name + " must be a date YYYY-MM-DD, got '" + text + "'");
    }

    public boolean isAll() {
        return from == null && to == null;
    }

    public boolean contains(LocalDate day) {
        return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
    }

    /** The first instant in the range, or null when open. */
    public Instant start() {
        return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after the range, or null when open. */
    public Instant end() {
        return to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
