package io.recolab.domain;

/**
 * The one rule for text a client sends. Every string must be well-formed Unicode: no unpaired
 * UTF-16 surrogate (JavaScript clients make them by cutting a string inside an emoji; the
 * PostgreSQL driver stores one as '?', so two distinct ids become one row while the server still
 * compares the originals) and no U+FFFD (what invalid UTF-8 decodes to: two distinct raw ids
 * would arrive as one). Ids (units, items, event and interaction ids, request ids) are also
 * bounded and free of control characters, since they end up in logs, CSV and tab-joined columns.
 */
public final class Text {
    public static final char REPLACEMENT = '\uFFFD';

    private Text() {
    }

    /** Why the text is not well-formed Unicode, or null when it is. */
    public static String malformation(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "holds an unpaired UTF-16 surrogate (\\u" + hex(c) + " at index " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "holds an unpaired UTF-16 surrogate (\\u" + hex(c) + " at index " + i + ")";
            }
            if (c == REPLACEMENT) {
                return "holds U+FFFD, the replacement character (at index " + i
                        + "): the text was not valid UTF-8, or was damaged before it was sent";
            }
        }
        return null;
    }

    /** Why the text cannot be an id of at most maxLength characters, or null when it can. */
    public static String idProblem(String id, int maxLength) {
        if (id == null || id.isEmpty()) {
            return "is required (1.." + maxLength + " characters)";
        }
        if (id.length() > maxLength) {
            return "must be at most " + maxLength + " characters, got " + id.length();
        }
        if (printableAscii(id)) { // the usual id: nothing below can object to it, one scan instead of two
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return "must not contain control characters (at index " + i + ")";
            }
        }
        return malformation(id);
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    public static boolean validId(String id, int maxLength) {
        return idProblem(id, maxLength) == null;
    }

    /** The id, or a 400 naming the field ({@code events[3].unit: must not ...}). */
    public static String requireId(String field, String id, int maxLength) {
        String problem = idProblem(id, maxLength);
        if (problem != null) {
            throw DomainError.invalid(field + ": " + problem);
        }
        return id;
    }

    /** Free text (descriptions, labels, names): well-formed, or a 400 naming the field. */
    public static String requireWellFormed(String field, String text) {
        String problem = text == null ? null : malformation(text);
        if (problem != null) {
            throw DomainError.invalid(field + ": " + problem);
        }
        return text;
    }

    private static String hex(char c) {
        return String.format("%04x", (int) c);
    }
}
