package io.recolab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.domain.DomainError;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void theStateMachineAllowsExactlyTheContractMoves() {
        assertThat(Transition.START.from(Status.DRAFT)).contains(Status.RUNNING);
        assertThat(Transition.START.from(Status.PAUSED)).contains(Status.RUNNING);
        assertThat(Transition.RESUME.from(Status.PAUSED)).contains(Status.RUNNING);
        assertThat(Transition.PAUSE.from(Status.RUNNING)).contains(Status.PAUSED);
        assertThat(Transition.STOP.from(Status.RUNNING)).contains(Status.STOPPED);
        assertThat(Transition.STOP.from(Status.PAUSED)).contains(Status.STOPPED);

        assertThat(Transition.START.from(Status.RUNNING)).isEmpty();
        assertThat(Transition.START.from(Status.STOPPED)).isEmpty();
        assertThat(Transition.PAUSE.from(Status.DRAFT)).isEmpty();
        assertThat(Transition.STOP.from(Status.DRAFT)).isEmpty();
        assertThat(Transition.RESUME.from(Status.RUNNING)).isEmpty();
        for (Transition t : Transition.values()) {
            assertThat(t.from(Status.STOPPED)).as("stopped is final").isEmpty();
        }
        assertThat(Transition.allowedFrom(Status.RUNNING)).containsExactly("pause", "stop");
        assertThat(Transition.allowedFrom(Status.STOPPED)).isEmpty();
    }

    private static ExperimentDefinition def(double exposure, int controlWeight, String description) {
        return new ExperimentDefinition("k", description, null, exposure,
                List.of(new Treatment("C", controlWeight, "bestseller"), new Treatment("T1", 1, "item-to-item")), null, null);
    }

    private static Experiment in(Status status, ExperimentDefinition d) {
        return new Experiment(d, status, Instant.EPOCH, Instant.EPOCH, 1, null);
    }

    @Test
    void draftsChangeFreely() {
        ExperimentService.checkUpdateAllowed(in(Status.DRAFT, def(50, 1, "")), def(10, 5, "x"));
    }

    @Test
    void runningExperimentsOnlyGrowExposure() {
        for (Status status : List.of(Status.RUNNING, Status.PAUSED)) {
            Experiment current = in(status, def(50, 1, ""));
            ExperimentService.checkUpdateAllowed(current, def(75, 1, "new description"));
            assertThatThrownBy(() -> ExperimentService.checkUpdateAllowed(current, def(25, 1, "")))
                    .isInstanceOf(DomainError.class).hasMessageContaining("can only grow, from 50 (asked 25)")
                    .satisfies(e -> assertThat(((DomainError) e).kind()).isEqualTo(DomainError.Kind.CONFLICT));
            assertThatThrownBy(() -> ExperimentService.checkUpdateAllowed(current, def(50, 2, "")))
                    .hasMessageContaining("cannot change");
        }
    }

    @Test
    void stoppedIsFinal() {
        assertThatThrownBy(() -> ExperimentService.checkUpdateAllowed(in(Status.STOPPED, def(50, 1, "")), def(50, 1, "x")))
                .hasMessageContaining("stopped");
    }
}
