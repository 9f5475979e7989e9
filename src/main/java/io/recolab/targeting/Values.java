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
            Object coerced = coerce(t, value);
            return coerced != null && equal(value, coerced);
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
            return a == null ? null : Integer.signum(Double.compare(a, b));
        }
        if (operand instanceof String t && value instanceof String s) {
            return Integer.signum(s.compareTo(t));
        }
        return null;
    }

    /** The text a regex sees: strings as they are, integral numbers without ".0", booleans as true/false. */
    static String text(Object value) {
        if (value instanceof Double d) {
            double x = d;
            return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
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
