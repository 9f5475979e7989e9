package io.recolab.targeting;

import java.util.List;

/**
 * How attribute values and operands compare. Values are strings, numbers (held as Double) and
 * booleans. Query parameters arrive as text, so a string that is a JSON number literal compares as
 * that number against a number, and "true"/"false" as that boolean against a boolean; otherwise
 * values of different types are never equal and never ordered.
 */
final class Values {
    private Values() {
    }

    static boolean equal(Object value, Object operand) {
        if (value.equals(operand)) { // the usual case, same type and value, without the type dispatch
            return true;
        }
        if (value instanceof Double a && operand instanceof Double b) {
            return a.doubleValue() == b.doubleValue();
        }
        if (value instanceof String s && operand instanceof String t) {
            return s.equals(t);
        }
        if (value instanceof Boolean a && operand instanceof Boolean b) {
            return a.booleanValue() == b.booleanValue();
        }
        if (value instanceof String s) {
            Object coerced = coerce(s, operand);
            return coerced != null && equal(coerced, operand);
        }
        if (operand instanceof String t) {
            // The operand's type decides: against a text operand a number or boolean is its text, exactly as
            // the same value sent as a query parameter (attr.age=34) is, so GET, POST and the client agree.
            return text(value).equals(t);
        }
        return false;
    }

    static boolean equalToAny(Object value, List<Object> operands) {
        for (Object o : operands) {
            if (equal(value, o)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the sign of value - operand, or null when they cannot be ordered: numerically when the
     *     operand is a number and the value a number or a numeric string; by {@link String#compareTo}
     *     when both are strings; a missing value or any other pair is unordered (no match).
     */
    static Integer compare(Object value, Object operand) {
        if (value == null) {
            return null;
        }
        if (operand instanceof Double b) {
            Double a = value instanceof Double d ? d : value instanceof String s ? number(s) : null;
            // Not Double.compare: it orders -0.0 below 0.0, so -0 would equal 0 yet fail "gte 0".
            return a == null ? null : a < b ? -1 : a > b ? 1 : 0;
        }
        if (operand instanceof String t) {
            // A number (or boolean) against a text operand compares as its text, as it would arrive in a query.
            return Integer.signum(text(value).compareTo(t));
        }
        return null;
    }

    /** The text a regex sees: strings as they are, integral numbers without ".0", booleans as true/false. */
    static String text(Object value) {
        if (value instanceof Double d) {
            double x = d;
            // Integral values up to 2^53 (every one exact) as a query would carry them: 1e15 is "1000000000000000", not "1.0E15".
            return x == Math.rint(x) && Math.abs(x) <= 9.007199254740992E15 ? Long.toString((long) x) : Double.toString(x);
        }
        return value.toString();
    }

    private static Object coerce(String s, Object like) {
        if (like instanceof Double) {
            return number(s);
        }
        if (like instanceof Boolean) {
            return s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : null;
        }
        return null;
    }

    /** A JSON number literal (no "NaN", no "0x1", no leading zeros), else null. */
    static Double number(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
        }
        if (i == digits || (s.charAt(digits) == '0' && i - digits > 1)) {
            return null;
        }
        if (i < n && s.charAt(i) == '.') {
            int f = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == f) {
                return null;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int e = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == e) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : null;
    }
}
