package io.recolab.kafka;

import java.nio.charset.StandardCharsets;

/**
 * Scalars read as Jackson's {@code getText} and {@code getValueAs...} read them, at a {@link JsonCursor}:
 * records were read by Jackson before {@link RecordDecoder}, and must mean what they meant then.
 */
final class JacksonScalars {
    private JacksonScalars() {
    }

    /**
     * A scalar as text, as Jackson's {@code getText} gives it: a string's content, a number or a
     * boolean as written, null for null.
     * @param shared whether the value is one of few distinct ones (shared between records)
     */
    static String text(JsonCursor in, String field, boolean shared) {
        byte c = in.peek();
        if (c == '"') {
            in.pos++;
            return in.string(shared);
        }
        if (c == '{' || c == '[') {
            in.skipValue();
            throw new IllegalArgumentException("field " + field + " must be a scalar");
        }
        if (in.literal("null")) {
            return null;
        }
        if (in.literal("true")) {
            return "true";
        }
        if (in.literal("false")) {
            return "false";
        }
        int start = in.pos;
        in.number();
        return new String(in.b, start, in.pos - start, StandardCharsets.ISO_8859_1);
    }

    /** As Jackson's {@code getValueAsDouble}: a number, a string holding one, true 1, false, null and bad strings 0. */
    static double doubleValue(JsonCursor in) {
        byte c = in.peek();
        if (c == '"') {
            in.pos++;
            try {
                return Double.parseDouble(in.string(false).trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (c == '{' || c == '[') {
            in.skipValue();
            throw new IllegalArgumentException("field value must be a scalar");
        }
        if (in.literal("true")) {
            return 1;
        }
        if (in.literal("false") || in.literal("null")) {
            return 0;
        }
        int start = in.pos;
        boolean integral = in.number();
        int n = in.pos - start;
        if (integral && n <= 18) {
            long v = 0;
            boolean negative = in.b[start] == '-';
            for (int i = negative ? start + 1 : start; i < in.pos; i++) {
                v = v * 10 + (in.b[i] - '0');
            }
            return negative ? -v : v; // "-0" is the integer 0, as Jackson reads it (not -0.0)
        }
        return Double.parseDouble(new String(in.b, start, n, StandardCharsets.ISO_8859_1));
    }

    /** As Jackson's {@code getValueAsInt(-1)}: a number (truncated), a string holding one, true 1, else -1. */
    static int intValue(JsonCursor in) {
        byte c = in.peek();
        if (c == '"') {
            in.pos++;
            String text = in.string(false).trim();
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
            in.skipValue();
            return -1;
        }
        if (in.literal("true")) {
            return 1;
        }
        if (in.literal("false")) {
            return 0;
        }
        if (in.literal("null")) {
            return -1;
        }
        int start = in.pos;
        in.number();
        return (int) Double.parseDouble(new String(in.b, start, in.pos - start, StandardCharsets.ISO_8859_1));
    }

    /** As Jackson's {@code getValueAsBoolean}: true, a non-zero integer or the string "true". */
    static boolean booleanValue(JsonCursor in) {
        byte c = in.peek();
        if (c == '"') {
            in.pos++;
            return "true".equals(in.string(false).trim());
        }
        if (c == '{' || c == '[') {
            in.skipValue();
            return false;
        }
        if (in.literal("true")) {
            return true;
        }
        if (in.literal("false") || in.literal("null")) {
            return false;
        }
        int start = in.pos;
        boolean integral = in.number();
        return integral && !new String(in.b, start, in.pos - start, StandardCharsets.ISO_8859_1).matches("-?0+");
    }
}
