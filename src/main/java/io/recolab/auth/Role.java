package io.recolab.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a person may do in the UI (and through the API with their session): a viewer reads, an
 * owner also runs experiments, an admin also manages keys and users and may call everything a
 * service may.
 */
public enum Role {
    VIEWER(EnumSet.of(Permission.READ)),
    OWNER(EnumSet.of(Permission.READ, Permission.MANAGE_EXPERIMENTS)),
    ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String s) {
        for (Role role : values()) {
            if (role.wireName().equals(s)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role \"" + s + "\" (known: viewer, owner, admin)");
    }
}
