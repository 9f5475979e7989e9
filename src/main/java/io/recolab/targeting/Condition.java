package io.recolab.targeting;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A compiled targeting condition: a pure predicate over a unit's attributes. */
sealed interface Condition {
    boolean matches(Map<String, ?> attributes);

    // Arrays, not lists: evaluated on every assignment, and an indexed loop allocates no iterator.
    record All(Condition[] parts) implements Condition {
        @Override
        public boolean matches(Map<String, ?> attributes) {
            for (Condition c : parts) {
                if (!c.matches(attributes)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Any(Condition[] parts) implements Condition {
        @Override
        public boolean matches(Map<String, ?> attributes) {
            for (Condition c : parts) {
                if (c.matches(attributes)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(Condition part) implements Condition {
        @Override
        public boolean matches(Map<String, ?> attributes) {
            return !part.matches(attributes);
        }
    }

    /** One operator applied to one attribute; a missing attribute is {@code null}. */
    record Test(String attribute, Operator operator) implements Condition {
        @Override
        public boolean matches(Map<String, ?> attributes) {
            return operator.test(attributes.get(attribute));
        }
    }

    sealed interface Operator {
        boolean test(Object value);
    }

    record Eq(Object operand) implements Operator {
        @Override
        public boolean test(Object value) {
            return value != null && Values.equal(value, operand);
        }
    }

    /**
     * Text among texts, the usual case, is answered without coercion: by scanning a short list (a few
     * countries or devices: cheaper than hashing into a set, which probes with a division) or by one
     * lookup in a long one. Anything else goes through the list's coercions.
     */
    record In(List<Object> operands, Set<Object> exact, String[] texts, boolean allText) implements Operator {
        /** Up to this many texts are scanned rather than looked up. */
        private static final int SCAN = 8;

        In(List<Object> operands) {
            this(operands, Set.copyOf(operands), operands.size() <= SCAN && allText(operands)
                    ? operands.toArray(new String[0]) : null, allText(operands));
        }

        private static boolean allText(List<Object> operands) {
            return operands.stream().allMatch(o -> o instanceof String);
        }

        @Override
        public boolean test(Object value) {
            if (value == null) {
                return false;
            }
            if (allText && value instanceof String s) { // text against texts has no other way to be equal
                if (texts == null) {
                    return exact.contains(s);
                }
                for (String t : texts) {
                    if (t.equals(s)) {
                        return true;
                    }
                }
                return false;
            }
            return exact.contains(value) || Values.equalToAny(value, operands);
        }

        // The array is a copy of the operands, kept for speed: equality is the operands'.
        @Override
        public boolean equals(Object o) {
            return o instanceof In in && in.operands.equals(operands);
        }

        @Override
        public int hashCode() {
            return operands.hashCode();
        }
    }

    /** Matches a missing attribute too: a unit without a country is not in the excluded countries. */
    record NotIn(In in) implements Operator {
        @Override
        public boolean test(Object value) {
            return value == null || !in.test(value);
        }
    }

    /** gt, gte, lt, lte: {@code accept} reads the sign of the comparison. */
    record Compare(Object operand, String name) implements Operator {
        @Override
        public boolean test(Object value) {
            Integer c = Values.compare(value, operand);
            if (c == null) {
                return false;
            }
            return switch (name) {
                case "gt" -> c > 0;
                case "gte" -> c >= 0;
                case "lt" -> c < 0;
                default -> c <= 0;
            };
        }
    }

    record Exists(boolean wanted) implements Operator {
        @Override
        public boolean test(Object value) {
            return (value != null) == wanted;
        }
    }

    /** RE2/J: linear in the input, whatever the pattern. Unanchored (find), like most regex filters. */
    record Regex(Pattern pattern) implements Operator {
        @Override
        public boolean test(Object value) {
            return value != null && pattern.matcher(Values.text(value)).find();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Regex r && r.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }
    }
}
