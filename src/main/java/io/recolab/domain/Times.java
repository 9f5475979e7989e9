package io.recolab.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one rule for a point in time a client sends: ISO-8601 with an offset, within years
 * 1970..9999. ISO-8601 also reads "+999999-01-01T00:00:00Z", which H2 stores and PostgreSQL
 * refuses (its timestamps end in 294276 AD, and begin in 4713 BC); one range checked before the
 * store makes both stores agree, and no date outside it has a meaning for an experiment. Callers
 * may narrow it further (an event may not lie far in the future).
 */
public final class Times {
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Times() {
    }

    /**
     * The instant, a 400 naming the field if it cannot be read, a 422 if it lies outside the range.
     * Kept to the microsecond, as both stores keep it: finer digits are dropped here, before any window,
     * day or exclusion is decided on it. Kept whole, 12:00:00.9999999 was counted as before the end of a
     * window that the stored (rounded) 12:00:01 lies after, so results and exports disagreed.
     */
    public static Instant parse(String field, String text) {
        return requireInRange(field, read(field, text));
    }

    /** The instant to the microsecond without the range check, for callers whose own range is narrower (events). */
    public static Instant read(String field, String text) {
        try {
            return micros(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw DomainError.invalid(field + ": must be ISO-8601 with an offset, e.g. 2026-01-02T10:00:00Z, got \""
                    + shorten(text) + "\"");
        }
    }

    /** The clock's now to the microsecond: what an event or a transition stamped with it is stored as. */
    public static Instant now(java.time.Clock clock) {
        return micros(clock.instant());
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public static Instant requireInRange(String field, Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw DomainError.unprocessable(field + ": must lie between " + EARLIEST + " and " + LATEST + ", got " + instant);
        }
        return instant;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
