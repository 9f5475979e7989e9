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
        ChangeRules.checkUpdate(in(Status.DRAFT, def(50, 1, "")), def(10, 5, "x"));
    }

    @Test
    void runningExperimentsOnlyGrowExposure() {
        for (Status status : List.of(Status.RUNNING, Status.PAUSED)) {
            Experiment current = in(status, def(50, 1, ""));
            ChangeRules.checkUpdate(current, def(75, 1, "new description"));
            assertThatThrownBy(() -> ChangeRules.checkUpdate(current, def(25, 1, "")))
                    .isInstanceOf(DomainError.class).hasMessageContaining("can only grow, from 50 (asked 25)")
                    .satisfies(e -> assertThat(((DomainError) e).kind()).isEqualTo(DomainError.Kind.CONFLICT));
            assertThatThrownBy(() -> ChangeRules.checkUpdate(current, def(50, 2, "")))
                    .hasMessageContaining("cannot change");
        }
    }

    /** A metric's type and window are applied as conversions are written: changed mid-run, one figure would mix two. */
    @Test
    void runningExperimentsKeepTheirMetricsTypeAndWindow() {
        String json = """
                {"key":"k","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},{"name":"T1","weight":1,"recommender":"item-to-item"}],
                 "metrics":[%s]}""";
        String revenue = "{\"name\":\"revenue\",\"type\":\"%s\",\"windowDays\":%d%s}";
        Experiment running = in(Status.RUNNING, DefinitionJson.parse(json.formatted(revenue.formatted("binomial", 14, ""))));
        assertThatThrownBy(() -> ChangeRules.checkUpdate(running,
                DefinitionJson.parse(json.formatted(revenue.formatted("mean", 14, "")))))
                .isInstanceOf(DomainError.class).hasMessageContaining("metric 'revenue' cannot change its type or windowDays");
        assertThatThrownBy(() -> ChangeRules.checkUpdate(running,
                DefinitionJson.parse(json.formatted(revenue.formatted("binomial", 7, "")))))
                .hasMessageContaining("(binomial, 14 days)");
        // Read-time settings and new metrics may change; a draft may change anything.
        ChangeRules.checkUpdate(running, DefinitionJson.parse(json.formatted(
                revenue.formatted("binomial", 14, ",\"role\":\"guardrail\",\"harm\":\"decrease\"")
                        + ",{\"name\":\"spend\",\"type\":\"mean\",\"windowDays\":3,\"cuped\":true}")));
        ChangeRules.checkUpdate(in(Status.DRAFT, running.definition()),
                DefinitionJson.parse(json.formatted(revenue.formatted("mean", 3, ""))));
    }

    @Test
    void stoppedIsFinal() {
        assertThatThrownBy(() -> ChangeRules.checkUpdate(in(Status.STOPPED, def(50, 1, "")), def(50, 1, "x")))
                .hasMessageContaining("stopped");
    }

    @Test
    void actionsForOfferEachMoveOnceAndArchiveOnlyWhenNothingRuns() {
        ExperimentDefinition d = def(50, 1, "");
        assertThat(Transition.actionsFor(in(Status.DRAFT, d))).containsExactly("start", "archive");
        assertThat(Transition.actionsFor(in(Status.RUNNING, d))).containsExactly("pause", "stop");
        assertThat(Transition.actionsFor(in(Status.PAUSED, d))).as("start would only resume").containsExactly("resume", "stop");
        assertThat(Transition.actionsFor(in(Status.STOPPED, d))).containsExactly("archive");
        Experiment archived = new Experiment(d, Status.STOPPED, Instant.EPOCH, Instant.EPOCH, 2, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH);
        assertThat(Transition.actionsFor(archived)).containsExactly("unarchive");
        Experiment archivedDraft = new Experiment(d, Status.DRAFT, Instant.EPOCH, Instant.EPOCH, 2, null, null, Instant.EPOCH);
        assertThatThrownBy(() -> ChangeRules.checkUpdate(archivedDraft, def(60, 1, "x")))
                .hasMessageContaining("archived").hasMessageContaining("unarchive it first");
    }

    @Test
    void theArchiveFilterReadsItsThreeValuesAndNamesTheFieldOtherwise() {
        Experiment archived = new Experiment(def(50, 1, ""), Status.STOPPED, Instant.EPOCH, Instant.EPOCH, 2, null, null, Instant.EPOCH);
        Experiment shown = in(Status.STOPPED, def(50, 1, ""));
        assertThat(ArchiveFilter.fromWire(null).matches(shown)).isTrue();
        assertThat(ArchiveFilter.fromWire(null).matches(archived)).isFalse();
        assertThat(ArchiveFilter.fromWire("true").matches(archived)).isTrue();
        assertThat(ArchiveFilter.fromWire("true").matches(shown)).isFalse();
        assertThat(ArchiveFilter.fromWire("all").matches(archived)).isTrue();
        assertThatThrownBy(() -> ArchiveFilter.fromWire("TRUE")).isInstanceOf(DomainError.class).hasMessageContaining("archived must be");
    }
}
