package io.recolab.experiment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle actions and the explicit state machine behind them. A table, not scattered ifs,
 * so that the allowed moves can be read (and tested) in one place.
 */
public enum Transition {
    START(Map.of(Status.DRAFT, Status.RUNNING, Status.PAUSED, Status.RUNNING)),
    RESUME(Map.of(Status.PAUSED, Status.RUNNING)),
    PAUSE(Map.of(Status.RUNNING, Status.PAUSED)),
    STOP(Map.of(Status.RUNNING, Status.STOPPED, Status.PAUSED, Status.STOPPED));

    private final Map<Status, Status> moves;

    Transition(Map<Status, Status> moves) {
        this.moves = moves;
    }

    public Optional<Status> from(Status current) {
        return Optional.ofNullable(moves.get(current));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Transition> fromWire(String action) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(action)).findFirst();
    }

    /** The actions allowed from a status, for error messages and the UI. */
    public static java.util.List<String> allowedFrom(Status status) {
        return Arrays.stream(values()).filter(t -> t.moves.containsKey(status)).map(Transition::wireName).toList();
    }
}
