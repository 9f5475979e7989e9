package io.recolab.experiment;

import io.recolab.domain.DomainError;
import java.util.Arrays;

/** Which experiments a list shows: {@code archived=false} (the default), {@code true} or {@code all}. */
public enum ArchiveFilter {
    NOT_ARCHIVED("false"), ARCHIVED("true"), ALL("all");

    private final String wire;

    ArchiveFilter(String wire) {
        this.wire = wire;
    }

    public boolean matches(Experiment e) {
        return this == ALL || e.archived() == (this == ARCHIVED);
    }

    /** @param value the query parameter, null for the default (archived experiments hidden) */
    public static ArchiveFilter fromWire(String value) {
        if (value == null) {
            return NOT_ARCHIVED;
        }
        return Arrays.stream(values()).filter(f -> f.wire.equals(value)).findFirst().orElseThrow(() -> DomainError.invalid(
                "archived must be one of false, true, all; got \"" + value + "\""));
    }
}
