package io.recolab.targeting;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Map;

/** A compiled targeting condition: a pure predicate over a unit's attributes. */
sealed interface Condition {
    boolean matches(Map<String, ?> attributes);

    record All(List<Condition> parts) implements Condition {
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

    record Any(List<Condition> parts) implements Condition {
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

    record In(List<Object> operands) implements Operator {
        @Override
        public boolean test(Object value) {
            return value != null && Values.equalToAny(value, operands);
        }
    }

    /** Matches a missing attribute too: a unit without a country is not in the excluded countries. */
    record NotIn(List<Object> operands) implements Operator {
        @Override
        public boolean test(Object value) {
            return value == null || !Values.equalToAny(value, operands);
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
