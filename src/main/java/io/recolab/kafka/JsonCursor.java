package io.recolab.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one JSON text's bytes, for {@link RecordDecoder}: whitespace, literals, numbers and
 * strings (their spans; UTF-8 and escapes checked by {@link JsonStrings}), and skipping any value;
 * {@link JacksonScalars} reads scalars at it. Malformed JSON throws {@link Malformed}. Strings of few
 * distinct short values can be shared between texts (a small direct-mapped table of byte spans and
 * their Strings). Not thread-safe.
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
            JsonStrings.checkUtf8(b, spanStart, spanEnd);
        }
    }

    String spanText(boolean shared) {
        if (spanEscaped) {
            return JsonStrings.unescape(b, spanStart, spanEnd);
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
                    JsonStrings.unescape(b, spanStart, spanEnd); // checks the escapes
                }
            }
            case '{' -> {
                if (enter('{', '}')) {
                    do {
                        skipSpace();
                        expect('"');
                        stringSpan(); // a name, unread
                        if (spanEscaped) {
                            JsonStrings.unescape(b, spanStart, spanEnd); // checks the escapes
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
}
