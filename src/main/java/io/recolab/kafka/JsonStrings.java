package io.recolab.kafka;

import java.nio.charset.StandardCharsets;

/** What a JSON string's bytes must be: well-formed UTF-8, and escapes JSON knows. Pure functions. */
final class JsonStrings {
    private JsonStrings() {
    }

    /** Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), as Jackson required. */
    static void checkUtf8(byte[] b, int from, int to) {
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
                throw new JsonCursor.Malformed("invalid UTF-8 at byte " + i);
            }
            if (i + n >= to) {
                throw new JsonCursor.Malformed("invalid UTF-8 at byte " + i + ": the string ends inside a character");
            }
            int code = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int next = b[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    throw new JsonCursor.Malformed("invalid UTF-8 at byte " + (i + k));
                }
                code = code << 6 | next & 0x3F;
            }
            if (code < min || code > 0x10FFFF || code >= 0xD800 && code <= 0xDFFF) {
                throw new JsonCursor.Malformed("invalid UTF-8 at byte " + i);
            }
            i += n + 1;
        }
    }

    /** The content of a string span with escapes: {@code \\"}, {@code \\uXXXX} and the rest of JSON's. */
    static String unescape(byte[] b, int from, int to) {
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
                throw new JsonCursor.Malformed("an unfinished escape at byte " + i);
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
                        throw new JsonCursor.Malformed("an unfinished \\u escape at byte " + (i - 2));
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(b[i + k], 16);
                        if (d < 0) {
                            throw new JsonCursor.Malformed("a \\u escape needs 4 hex digits at byte " + (i - 2));
                        }
                        code = code * 16 + d;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> throw new JsonCursor.Malformed("an unknown escape at byte " + (i - 2));
            }
            run = i;
        }
        out.append(new String(b, run, to - run, StandardCharsets.UTF_8));
        return out.toString();
    }
}
