package io.recolab.experiment;

import java.util.Locale;

/** The lifecycle of CONTRACT §4: draft -> running -> stopped, and running <-> paused. */
public enum Status {
    DRAFT, RUNNING, PAUSED, STOPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** True once units may have been assigned: the arms are frozen from then on. */
    public boolean hasRun() {
        return this != DRAFT;
    }

    /**
     * Only an experiment that assigns nobody may be archived: a draft (never ran) or a stopped one
     * (final). A running or paused one must be stopped first, so that archiving never ends a run.
     */
    public boolean archivable() {
        return this == DRAFT || this == STOPPED;
    }
}
