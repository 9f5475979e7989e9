package io.recolab.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a key may do (CONTRACT §5): {@code assign} (assignment, recommendations, events,
 * interactions), {@code read} (experiments, results, exports, models, statistics), {@code admin}
 * (changing experiments, keys and users; includes the others).
 */
public enum Scope {
    ASSIGN(EnumSet.of(Permission.ASSIGN)),
    READ(EnumSet.of(Permission.READ)),
    ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> grants;

    Scope(Set<Permission> grants) {
        this.grants = Set.copyOf(grants);
    }

    public boolean grants(Permission permission) {
        return grants.contains(permission);
    }

    /** The scope a key needs for a permission: named in the 403 message. */
    static Scope needed(Permission permission) {
        return switch (permission) {
            case ASSIGN -> ASSIGN;
            case READ -> READ;
            case MANAGE_EXPERIMENTS, MANAGE_ACCESS -> ADMIN;
        };
    }

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
