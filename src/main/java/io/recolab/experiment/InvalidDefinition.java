package io.recolab.experiment;

/** A definition that breaks a rule of CONTRACT §4; the message names the field and the value. */
public final class InvalidDefinition extends IllegalArgumentException {
    public InvalidDefinition(String message) {
        super(message);
    }
}
