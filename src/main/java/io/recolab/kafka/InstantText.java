package io.recolab.kafka;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/** Instants as serving nodes write them, read without {@code Instant.parse}'s formatter where it can be. */
final class InstantText {
    private InstantText() {
    }

    /**
     * {@link Instant#parse} without its formatter for the form {@link Instant#toString} writes
     * ({@code 2026-01-02T10:00:00Z}, with 3, 6 or 9 fraction digits when not zero): the serving node
     * writes every instant that way. Anything else goes through {@code Instant.parse}.
     */
    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        byte[] ascii = s.getBytes(StandardCharsets.ISO_8859_1); // a character beyond Latin-1 fails the fast path
        Instant fast = instant(ascii, 0, ascii.length);
        return fast != null ? fast : Instant.parse(s);
    }

    /** The fast path of {@link #instant(String)} over bytes; null when {@code Instant.parse} must decide. */
    static Instant instant(byte[] s, int from, int to) {
        int n = to - from;
        if (n < 20 || n > 30 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
                || s[from + 16] != ':' || s[to - 1] != 'Z') {
            return null;
        }
        int year = digits(s, from, from + 4);
        int month = digits(s, from + 5, from + 7);
        int day = digits(s, from + 8, from + 10);
        int hour = digits(s, from + 11, from + 13);
        int minute = digits(s, from + 14, from + 16);
        int second = digits(s, from + 17, from + 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour >= 24 || minute < 0 || minute >= 60 || second < 0
                || second >= 60) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s[from + 19] != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int f = digits(s, from + 20, to - 1);
            if (f < 0) {
                return null;
            }
            nanos = f;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // not a date (Feb 30): let Instant.parse say so
        }
    }

    /** The decimal number in s[from, to), or -1 if a byte is not a digit. */
    private static int digits(byte[] s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            byte c = s[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
