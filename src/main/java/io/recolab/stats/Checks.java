package io.recolab.stats;

/** Argument checks whose messages name the field and show the value. */
final class Checks {
    private Checks() {
    }

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number, got " + value);
        }
        return value;
    }

    static double probability(String field, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(field + " must be between 0 and 1 (exclusive), got " + value);
        }
        return value;
    }

    static double positive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
        return value;
    }

    /** JSON has no NaN or Infinity: anything not finite becomes null. */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
