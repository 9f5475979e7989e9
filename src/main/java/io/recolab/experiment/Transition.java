package io.recolab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** The transitions allowed from a status, for error messages. */
    public static List<String> allowedFrom(Status status) {
        return Arrays.stream(values()).filter(t -> t.moves.containsKey(status)).map(Transition::wireName).toList();
    }

    /**
     * What may be done to this experiment next, each once, for the API's {@code allowedActions}
     * and the UI's buttons. A paused experiment offers resume only: start still resumes it (the
     * contract's clients know start, pause and stop), but two buttons doing one thing mislead. An
     * archived experiment offers unarchive only; a draft or stopped one may also be archived.
     */
    public static List<String> actionsFor(Experiment e) {
        if (e.archived()) {
            return List.of(ExperimentService.UNARCHIVE);
        }
        List<String> actions = new ArrayList<>(allowedFrom(e.status()));
        if (actions.contains(RESUME.wireName())) {
            actions.remove(START.wireName());
        }
        if (e.status().archivable()) {
            actions.add(ExperimentService.ARCHIVE);
        }
        return List.copyOf(actions);
    }
}
