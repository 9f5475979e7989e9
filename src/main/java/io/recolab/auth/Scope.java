package io.recolab.auth;

import java.util.Locale;

/** What a key may do (CONTRACT §5). {@code admin} includes the others. */
public enum Scope {
    ASSIGN, READ, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope fromWire(String s) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(s)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope \"" + s + "\" (known: assign, read, admin)");
    }
}
