package io.recolab.experiment;

import java.time.Instant;

/** One entry of an experiment's audit trail: who did what, when, and the detail (JSON). */
public record Change(Instant at, String actor, String action, String detail) {
}
