package io.recolab.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one JSON text's bytes, for {@link RecordDecoder}: whitespace, literals, numbers and
 * strings (their spans, escapes and UTF-8 checked), skipping any value, and scalars read as
 * Jackson's {@code getText} and {@code getValueAs...} read them (records were read by Jackson
 * before). Malformed JSON throws {@link Malformed}. Strings of few distinct short values can be shared between texts (a small
 * direct-mapped table of byte spans and their Strings). Not thread-safe.
 */
final class JsonCursor {
    /** Shared short values: a direct-mapped table, a value replacing another on a collision. */
    private static final int SHARED_SLOTS = 1 << 10;
    private static final int SHARED_MAX_BYTES = 64;
    /** Jackson's default limits, which records were read with before: deeper or longer is refused as unreadable. */
    private static final int MAX_DEPTH = 1_000;
    private static final int MAX_NUMBER_LENGTH = 1_000;

    private final byte[][] sharedBytes = new byte[SHARED_SLOTS][];
    private final String[] sharedText = new String[SHARED_SLOTS];
    /** The text being read and the cursor's place in it (read by the decoder for spans it parses itself). */
    byte[] b;
    int pos;
    /** Where the last string read by {@link #stringSpan} starts and ends (quotes excluded), and if it had escapes. */
    int spanStart;
    int spanEnd;
    boolean spanEscaped;

    /** Starts on a text, after a UTF-8 byte order mark if there is one (Jackson skips it too). */
    void reset(byte[] text) {
        b = text;
        pos = text.length >= 3 && text[0] == (byte) 0xEF && text[1] == (byte) 0xBB && text[2] == (byte) 0xBF ? 3 : 0;
    }

    /** Lets go of the text. */
    void release() {
        b = null;
    }

    /** Bytes that are not JSON (as opposed to JSON that is not a record). */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Consumes an object's or array's opening byte; @return whether members follow (false: it was
     * empty, and its closing byte is consumed too)
     */
    boolean enter(char open, char close) {
        expect(open);
        skipSpace();
        if (peek() == close) {
            pos++;
            return false;
        }
        return true;
    }

    /** A member's name and its colon, the cursor left on the value. */
    String name(boolean shared) {
        skipSpace();
        expect('"');
        String name = string(shared);
        colon();
        return name;
    }

    /** The colon after a member's name, with the spaces around it. */
    void colon() {
        skipSpace();
        expect(':');
        skipSpace();
    }

    /** After a member: true at ',' (another follows), false at the closing byte. */
    boolean more(char close) {
        skipSpace();
        byte next = peek();
        pos++;
        if (next == ',') {
            return true;
        }
        if (next != close) {
            throw new Malformed("',' or '" + close + "' expected at byte " + (pos - 1));
        }
        return false;
    }

    /** The string whose opening quote was just read. */
    String string(boolean shared) {
        stringSpan();
        return spanText(shared);
    }

    /** Reads to the closing quote, noting the span; the cursor ends after the quote. */
    void stringSpan() {
        spanStart = pos;
        spanEscaped = false;
        boolean nonAscii = false;
        byte[] bytes = b;
        int i = pos;
        while (true) {
            if (i >= bytes.length) {
                throw new Malformed("unterminated string from byte " + (spanStart - 1));
            }
            byte c = bytes[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                spanEscaped = true;
                i += 2;
                continue;
            }
            if (c < 0) {
                nonAscii = true;
            } else if (c < 0x20) {
                throw new Malformed("a control character in a string at byte " + i);
            }
            i++;
        }
        spanEnd = i;
        pos = i + 1;
        if (nonAscii) {
            // new String(..., UTF_8) would turn bad bytes into U+FFFD, and two different ids into one.
            checkUtf8(spanStart, spanEnd);
        }
    }

    /** Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), as Jackson required. */
    void checkUtf8(int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                throw new Malformed("invalid UTF-8 at byte " + i);
            }
            if (i + n >= to) {
                throw new Malformed("invalid UTF-8 at byte " + i + ": the string ends inside a character");
            }
            int code = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int next = b[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    throw new Malformed("invalid UTF-8 at byte " + (i + k));
                }
                code = code << 6 | next & 0x3F;
            }
            if (code < min || code > 0x10FFFF || code >= 0xD800 && code <= 0xDFFF) {
                throw new Malformed("invalid UTF-8 at byte " + i);
            }
            i += n + 1;
        }
    }

    String spanText(boolean shared) {
        if (spanEscaped) {
            return unescape(spanStart, spanEnd);
        }
        int n = spanEnd - spanStart;
        if (!shared || n > SHARED_MAX_BYTES) {
            return new String(b, spanStart, n, StandardCharsets.UTF_8);
        }
        int h = 0;
        for (int i = spanStart; i < spanEnd; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (SHARED_SLOTS - 1);
        byte[] k = sharedBytes[slot];
        if (k != null && Arrays.equals(k, 0, k.length, b, spanStart, spanEnd)) {
            return sharedText[slot];
        }
        String s = new String(b, spanStart, n, StandardCharsets.UTF_8);
        sharedBytes[slot] = Arrays.copyOfRange(b, spanStart, spanEnd);
        sharedText[slot] = s;
        return s;
    }

    String unescape(int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int run = from;
        int i = from;
        while (i < to) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            out.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            if (i + 1 >= to) {
                throw new Malformed("an unfinished escape at byte " + i);
            }
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > to) {
                        throw new Malformed("an unfinished \\u escape at byte " + (i - 2));
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(b[i + k], 16);
                        if (d < 0) {
                            throw new Malformed("a \\u escape needs 4 hex digits at byte " + (i - 2));
                        }
                        code = code * 16 + d;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> throw new Malformed("an unknown escape at byte " + (i - 2));
            }
            run = i;
        }
        out.append(new String(b, run, to - run, StandardCharsets.UTF_8));
        return out.toString();
    }

    /** A JSON number at the cursor; @return whether it has neither a fraction nor an exponent */
    boolean number() {
        int start = pos;
        if (pos < b.length && b[pos] == '-') {
            pos++;
        }
        int digits = digitsAt();
        if (digits == 0) {
            throw new Malformed("a value expected at byte " + start);
        }
        if (digits > 1 && b[pos - digits] == '0') {
            throw new Malformed("a number with a leading zero at byte " + start);
        }
        if (digits > MAX_NUMBER_LENGTH) {
            throw new Malformed("a number longer than " + MAX_NUMBER_LENGTH + " digits at byte " + start);
        }
        boolean integral = true;
        if (pos < b.length && b[pos] == '.') {
            pos++;
            integral = false;
            int fraction = digitsAt();
            if (fraction == 0) {
                throw new Malformed("digits expected after the point at byte " + pos);
            }
            digits += fraction;
        }
        if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            integral = false;
            if (pos < b.length && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            int exponent = digitsAt();
            if (exponent == 0) {
                throw new Malformed("digits expected in the exponent at byte " + pos);
            }
            digits += exponent;
        }
        if (digits > MAX_NUMBER_LENGTH) {
            throw new Malformed("a number longer than " + MAX_NUMBER_LENGTH + " digits at byte " + start);
        }
        return integral;
    }

    int digitsAt() {
        int start = pos;
        while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    /** Skips any JSON value (an unknown field's), checking it is well formed. */
    void skipValue() {
        skipValue(2); // the record's object is level 1, as Jackson counts
    }

    /**
     * @param depth the containers around the value, the record's object included (Jackson counts
     *              containers only, the outermost as 1): bounded, as the stack is
     */
    void skipValue(int depth) {
        byte c = peek();
        if ((c == '{' || c == '[') && depth > MAX_DEPTH) {
            throw new Malformed("nesting deeper than " + MAX_DEPTH + " at byte " + pos);
        }
        switch (c) {
            case '"' -> {
                pos++;
                stringSpan();
                if (spanEscaped) {
                    unescape(spanStart, spanEnd); // checks the escapes
                }
            }
            case '{' -> {
                if (enter('{', '}')) {
                    do {
                        skipSpace();
                        expect('"');
                        stringSpan(); // a name, unread
                        if (spanEscaped) {
                            unescape(spanStart, spanEnd); // checks the escapes
                        }
                        colon();
                        skipValue(depth + 1);
                    } while (more('}'));
                }
            }
            case '[' -> {
                if (enter('[', ']')) {
                    do {
                        skipSpace();
                        skipValue(depth + 1);
                    } while (more(']'));
                }
            }
            default -> {
                if (!literal("true") && !literal("false") && !literal("null")) {
                    number();
                }
            }
        }
    }

    boolean literal(String word) {
        int n = word.length();
        if (pos + n > b.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        if (pos + n < b.length && Character.isLetterOrDigit(b[pos + n])) {
            throw new Malformed("an unknown literal at byte " + pos);
        }
        pos += n;
        return true;
    }

    byte peek() {
        if (pos >= b.length) {
            throw new Malformed("unexpected end of input");
        }
        return b[pos];
    }

    void expect(char c) {
        if (peek() != c) {
            throw new Malformed("'" + c + "' expected at byte " + pos);
        }
        pos++;
    }

    void skipSpace() {
        while (pos < b.length) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /**
     * A scalar as text, as Jackson's {@code getText} gives it: a string's content, a number or a
     * boolean as written, null for null.
     * @param shared whether the value is one of few distinct ones (shared between records)
     */
    String text(String field, boolean shared) {
        byte c = peek();
        if (c == '"') {
            pos++;
            return string(shared);
        }
        if (c == '{' || c == '[') {
            skipValue();
            throw new IllegalArgumentException("field " + field + " must be a scalar");
        }
        if (literal("null")) {
            return null;
        }
        if (literal("true")) {
            return "true";
        }
        if (literal("false")) {
            return "false";
        }
        int start = pos;
        number();
        return new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    /** As Jackson's {@code getValueAsDouble}: a number, a string holding one, true 1, false, null and bad strings 0. */
    double doubleValue() {
        byte c = peek();
        if (c == '"') {
            pos++;
            try {
                return Double.parseDouble(string(false).trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (c == '{' || c == '[') {
            skipValue();
            throw new IllegalArgumentException("field value must be a scalar");
        }
        if (literal("true")) {
            return 1;
        }
        if (literal("false") || literal("null")) {
            return 0;
        }
        int start = pos;
        boolean integral = number();
        int n = pos - start;
        if (integral && n <= 18) {
            long v = 0;
            boolean negative = b[start] == '-';
            for (int i = negative ? start + 1 : start; i < pos; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return negative ? -v : v; // "-0" is the integer 0, as Jackson reads it (not -0.0)
        }
        return Double.parseDouble(new String(b, start, n, StandardCharsets.ISO_8859_1));
    }

    /** As Jackson's {@code getValueAsInt(-1)}: a number (truncated), a string holding one, true 1, else -1. */
    int intValue() {
        byte c = peek();
        if (c == '"') {
            pos++;
            String text = string(false).trim();
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                try {
                    return (int) Double.parseDouble(text); // "7.0", as Jackson's getValueAsInt reads it
                } catch (NumberFormatException notANumber) {
                    return -1;
                }
            }
        }
        if (c == '{' || c == '[') {
            skipValue();
            return -1;
        }
        if (literal("true")) {
            return 1;
        }
        if (literal("false")) {
            return 0;
        }
        if (literal("null")) {
            return -1;
        }
        int start = pos;
        number();
        return (int) Double.parseDouble(new String(b, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    /** As Jackson's {@code getValueAsBoolean}: true, a non-zero integer or the string "true". */
    boolean booleanValue() {
        byte c = peek();
        if (c == '"') {
            pos++;
            return "true".equals(string(false).trim());
        }
        if (c == '{' || c == '[') {
            skipValue();
            return false;
        }
        if (literal("true")) {
            return true;
        }
        if (literal("false") || literal("null")) {
            return false;
        }
        int start = pos;
        boolean integral = number();
        return integral && !new String(b, start, pos - start, StandardCharsets.ISO_8859_1).matches("-?0+");
    }
}
