package io.recolab.targeting;

import java.util.regex.Matcher;

/**
 * An upper bound on the size of the program RE2/J compiles a pattern into, read off the pattern's text.
 * RE2/J matches in time linear in the input but proportional to that size too, and it expands counted
 * repetitions: {@code ((x{1000}){1000}){1000}} is 17 characters and a billion instructions (its compile
 * alone ran a server out of memory), {@code (.{0,1000}){100}z} takes half a second per 256-character match.
 * The bound counts one per atom (a character, an escape, a class, a dot), adds the alternatives of a
 * group, and multiplies what a {@code {n,m}} repeats by its larger count (RE2's own rule, which caps each
 * count at 1000 but not their nesting). Anything it does not recognise counts as one atom: the pattern
 * has compiled already, so the text is valid RE2 and the bound only errs upwards.
 */
final class RegexSize {
    private static final java.util.regex.Pattern COUNT = java.util.regex.Pattern.compile("\\{(\\d{1,4})(?:(,)(\\d{0,4}))?\\}");
    private final String p;
    private int i;

    private RegexSize(String pattern) {
        this.p = pattern;
    }

    /** The bound, saturating at {@code Long.MAX_VALUE / 4}. */
    static long of(String pattern) {
        RegexSize r = new RegexSize(pattern);
        long size = r.alternation();
        while (r.i < r.p.length()) { // an unbalanced ')' cannot have compiled; count the rest all the same
            r.i++;
            size = add(size, r.alternation());
        }
        return size;
    }

    private long alternation() {
        long size = sequence();
        while (i < p.length() && p.charAt(i) == '|') {
            i++;
            size = add(size, sequence());
        }
        return size;
    }

    private long sequence() {
        long size = 0;
        while (i < p.length() && p.charAt(i) != '|' && p.charAt(i) != ')') {
            size = add(size, repeated());
        }
        return size;
    }

    private long repeated() {
        long size = atom();
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*' || c == '+' || c == '?') {
                i++;
                size = add(size, 1);
            } else if (c == '{') {
                Matcher m = COUNT.matcher(p).region(i, p.length());
                if (!m.lookingAt()) {
                    break; // a literal brace: the next atom
                }
                long low = Long.parseLong(m.group(1));
                long high = m.group(2) == null ? low : m.group(3).isEmpty() ? low + 1 : Long.parseLong(m.group(3));
                i = m.end();
                size = add(multiply(size, Math.max(1, Math.max(low, high))), 1);
            } else {
                break;
            }
        }
        return size;
    }

    private long atom() {
        char c = p.charAt(i);
        if (c == '(') {
            i++;
            if (i < p.length() && p.charAt(i) == '?') { // (?:...), (?P<name>...), (?i), (?i:...)
                while (i < p.length() && p.charAt(i) != ':' && p.charAt(i) != ')' && p.charAt(i) != '>') {
                    i++;
                }
                if (i < p.length() && p.charAt(i) == ')') {
                    i++;
                    return 0; // flags alone
                }
                i++;
            }
            long size = alternation();
            if (i < p.length() && p.charAt(i) == ')') {
                i++;
            }
            return add(size, 1);
        }
        if (c == '[') {
            i++;
            if (i < p.length() && p.charAt(i) == '^') {
                i++;
            }
            if (i < p.length() && p.charAt(i) == ']') {
                i++; // a leading ] is a member
            }
            while (i < p.length() && p.charAt(i) != ']') {
                if (p.charAt(i) == '\\') {
                    i++;
                } else if (p.startsWith("[:", i)) {
                    int end = p.indexOf(":]", i + 2);
                    i = end < 0 ? i : end + 1;
                }
                i++;
            }
            i++;
            return 1;
        }
        if (c == '\\') {
            i++;
            // \p{Greek} and \x{1000} are one character each: their braces are no repetition count.
            if (i < p.length() && (p.charAt(i) == 'p' || p.charAt(i) == 'P' || p.charAt(i) == 'x') && i + 1 < p.length()
                    && p.charAt(i + 1) == '{') {
                int end = p.indexOf('}', i);
                i = end < 0 ? p.length() : end + 1;
                return 1;
            }
            if (i < p.length() && p.charAt(i) == 'Q') {
                int end = p.indexOf("\\E", i);
                int stop = end < 0 ? p.length() : end;
                long literal = Math.max(0, stop - i - 1);
                i = end < 0 ? p.length() : end + 2;
                return literal;
            }
            i++;
            return 1;
        }
        i++;
        return 1;
    }

    private static long add(long a, long b) {
        long s = a + b;
        return s > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : s;
    }

    private static long multiply(long a, long b) {
        if (a != 0 && b > (Long.MAX_VALUE / 4) / a) {
            return Long.MAX_VALUE / 4;
        }
        return a * b;
    }
}
