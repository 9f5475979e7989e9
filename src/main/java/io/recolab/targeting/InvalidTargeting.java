package io.recolab.targeting;

/** A targeting condition that breaks a rule of the language; the message starts with the JSON path. */
public final class InvalidTargeting extends IllegalArgumentException {
    public InvalidTargeting(String path, String message) {
        super(path + ": " + message);
    }
}
