package io.recolab.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Timestamp parsing for the loaders; everything is read as UTC and returned in epoch seconds. */
final class Timestamps {
    private Timestamps() {
    }

    /**
     * Online Retail dates: {@code YYYY-MM-DD HH:MM[:SS]} (the shared UTF-8 file) or {@code M/D/YYYY H:MM[:SS]}
     * (the original UCI file). Hand-parsed: half a million rows, and java.time formatters would dominate.
     */
    static long retailDate(String s) {
        int[] numbers = new int[6];
        char[] separators = new char[5];
        int count = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char ch = i < s.length() ? s.charAt(i) : '\0';
            if (ch >= '0' && ch <= '9') {
                value = (value < 0 ? 0 : value * 10) + (ch - '0');
                if (++digits > 4) {
                    throw new IllegalArgumentException("bad date '" + s + "'");
                }
                continue;
            }
            if (value < 0 || count == 6) {
                throw new IllegalArgumentException("bad date '" + s + "'");
            }
            numbers[count] = value;
            if (i < s.length()) {
                if (count == 5) {
                    throw new IllegalArgumentException("bad date '" + s + "'");
                }
                separators[count] = ch;
            }
            count++;
            value = -1;
            digits = 0;
        }
        if (count < 5) {
            throw new IllegalArgumentException("bad date '" + s + "'");
        }
        String shape = new String(separators, 0, count - 1);
        int seconds = count == 6 ? numbers[5] : 0;
        if (shape.startsWith("-- :") || shape.startsWith("--T:")) {
            return epochSeconds(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], seconds, s);
        }
        if (shape.startsWith("// :")) {
            return epochSeconds(numbers[2], numbers[0], numbers[1], numbers[3], numbers[4], seconds, s);
        }
        throw new IllegalArgumentException("bad date '" + s + "'");
    }

    /** The last second the loaders take: 9999-12-31T23:59:59Z (domain.Times' range, as for API timestamps). */
    static final long LATEST = 253_402_300_799L;

    /**
     * The epoch second itself, if within 1970-01-01..9999-12-31 (the range every API timestamp must lie
     * in): a row outside it is skipped and counted, where it once overflowed the day arithmetic of
     * evaluate and simulate and failed the whole file.
     */
    static long inRange(long epochSeconds, String text) {
        if (epochSeconds < 0 || epochSeconds > LATEST) {
            boolean millis = epochSeconds > LATEST && epochSeconds / 1000 <= LATEST;
            throw new IllegalArgumentException("timestamp '" + text + "' lies outside 1970-01-01..9999-12-31"
                    + (millis ? " (epoch milliseconds? timestamps are epoch seconds)" : ""));
        }
        return epochSeconds;
    }

    /** Events timestamps: epoch seconds (digits, optionally a fraction), or ISO-8601 with or without an offset. */
    static long eventTime(String s) {
        return inRange(parseEventTime(s), s.trim());
    }

    private static long parseEventTime(String s) {
        String t = s.trim();
        if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-') && t.indexOf('-', 1) < 0
                && t.indexOf(':') < 0) {
            try {
                double seconds = Math.floor(Double.parseDouble(t));
                // A double past a long's range would be clamped to Long.MAX_VALUE: out of range all the same.
                return seconds >= Long.MIN_VALUE && seconds <= Long.MAX_VALUE ? (long) seconds : Long.MAX_VALUE;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad timestamp '" + s + "'");
            }
        }
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11); // RFC 3339 and pandas write a space for the 'T'
        }
        t = colonInOffset(t);
        try {
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.toUpperCase()).getEpochSecond();
            }
            if (t.length() > 10 && (t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10)) {
                return OffsetDateTime.parse(t).toEpochSecond();
            }
            if (t.length() > 10) {
                return LocalDateTime.parse(t.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
            }
            return LocalDate.parse(t).toEpochDay() * 86_400L;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad timestamp '" + s + "'");
        }
    }

    /** An ISO-8601 basic-format offset at the end of a date-time ({@code +0100}, Python's %z) as {@code +01:00}. */
    private static String colonInOffset(String t) {
        int n = t.length();
        if (n < 17 || t.charAt(10) != 'T') {
            return t;
        }
        char sign = t.charAt(n - 5);
        if (sign != '+' && sign != '-') {
            return t;
        }
        for (int i = n - 4; i < n; i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return t;
            }
        }
        return t.substring(0, n - 2) + ":" + t.substring(n - 2);
    }

    static long epochSeconds(int year, int month, int day, int hour, int minute, int second, String text) {
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59
                || second > 59) {
            throw new IllegalArgumentException("bad date '" + text + "'");
        }
        return inRange(daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second, text);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
    static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
