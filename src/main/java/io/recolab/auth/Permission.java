package io.recolab.auth;

import java.util.Locale;

/**
 * What a route needs. Keys get permissions from their scopes ({@link Scope}), people from their
 * role ({@link Role}); routes only ever ask for a permission, so both kinds of caller meet one check.
 */
public enum Permission {
    /** Assignment, recommendations, events, interactions: what services call on the hot path. */
    ASSIGN,
    /** Experiments, results, exports, charts, models, statistics: reading. */
    READ,
    /** Creating, changing, starting, pausing and stopping experiments. */
    MANAGE_EXPERIMENTS,
    /** API keys and user accounts. */
    MANAGE_ACCESS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
