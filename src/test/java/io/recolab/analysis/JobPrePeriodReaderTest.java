package io.recolab.analysis;

import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.stats.Arm;
import io.recolab.stats.MetricType;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spark job's CUPED rows stand in for the unit-level path only while they equal the rollups, and
 * sum into the arms UnitLevel.arms would build. (spark/ResultsJobTest checks the whole path against a
 * real server: same results with experiment_units deleted.)
 */
class JobPrePeriodReaderTest {
    private static final LocalDate D1 = LocalDate.of(2026, 3, 1);
    private static final LocalDate D2 = LocalDate.of(2026, 3, 2);
    private static final ExperimentDefinition DEFINITION = DefinitionJson.parse("""
            {"key": "cuped", "treatments": [{"name": "C", "weight": 1, "recommender": "bestseller"},
                                            {"name": "T1", "weight": 1, "recommender": "item-to-item"}],
             "metrics": [{"name": "spend", "type": "mean", "windowDays": 7, "cuped": true},
                         {"name": "capped", "type": "mean", "windowDays": 7, "cuped": true, "cap": {"percentile": 99}},
                         {"name": "visits", "type": "mean", "windowDays": 7, "cuped": "interactions"}]}""");

    private static JobPrePeriodReader.Row row(String t, LocalDate day, long units, long converted, double sum, double sq,
                                              double preSum, double preSq, double products) {
        return new JobPrePeriodReader.Row(t, day, units, converted, sum, sq, converted, preSum > 0 ? 1 : 0, preSum, preSq,
                products);
    }

    private static final List<JobPrePeriodReader.Row> ROWS = List.of(
            row("C", D1, 10, 2, 30, 500, 4, 16, 40),
            row("T1", D1, 12, 3, 45, 900, 2, 4, 30),
            row("C", D2, 5, 0, 0, 0, 0, 0, 0),
            row("T1", D2, 7, 1, 9, 81, 3, 9, 27));

    private static final List<RollupReader.Cell> CELLS = List.of(
            new RollupReader.Cell("C", D1, 10, 2, 30, 500),
            new RollupReader.Cell("T1", D1, 12, 3, 45, 900),
            new RollupReader.Cell("C", D2, 5, 0, 0, 0),
            new RollupReader.Cell("T1", D2, 7, 1, 9 * (1 + 1e-12), 81));

    @Test
    void rowsEqualToTheRollupsAreUsedSummedPerArm() {
        assertThat(JobPrePeriodReader.sameAsRollups(ROWS, CELLS, MetricType.MEAN)).isTrue();
        UnitMetric.Outcome o = JobPrePeriodReader.outcome(DEFINITION, ROWS, MetricType.MEAN);
        Arm c = o.arms().get(0);
        Arm t = o.arms().get(1);
        assertThat(c.name()).isEqualTo("C");
        assertThat(c.stats().n()).isEqualTo(15);
        assertThat(c.stats().sum()).isEqualTo(30);
        assertThat(c.stats().sumSquares()).isEqualTo(500);
        assertThat(c.prePeriod()).isEqualTo(new Arm.PrePeriod(4, 16, 40));
        assertThat(t.stats().n()).isEqualTo(19);
        assertThat(t.prePeriod()).isEqualTo(new Arm.PrePeriod(5, 13, 57));
        assertThat(o.converted()).containsExactly(2, 4);
        assertThat(o.unitsWithCovariate()).isEqualTo(3);
        assertThat(o.caps()).isEmpty();
        assertThat(o.daily()).isNull();
    }

    @Test
    void rowsThatNoLongerEqualTheRollupsAreNotUsed() {
        // a unit exposed after the job ran
        List<RollupReader.Cell> moreUnits = List.of(CELLS.get(0), CELLS.get(1), CELLS.get(2),
                new RollupReader.Cell("T1", D2, 8, 1, 9, 81));
        assertThat(JobPrePeriodReader.sameAsRollups(ROWS, moreUnits, MetricType.MEAN)).isFalse();
        // a conversion counted after the job ran: same units, other sums
        List<RollupReader.Cell> moreValue = List.of(CELLS.get(0), CELLS.get(1), CELLS.get(2),
                new RollupReader.Cell("T1", D2, 7, 1, 10, 100));
        assertThat(JobPrePeriodReader.sameAsRollups(ROWS, moreValue, MetricType.MEAN)).isFalse();
        // a day the rollups lost (or the job's rows are of other events)
        assertThat(JobPrePeriodReader.sameAsRollups(ROWS, CELLS.subList(0, 3), MetricType.MEAN)).isFalse();
        // a new day the job has not seen
        List<RollupReader.Cell> newDay = new java.util.ArrayList<>(CELLS);
        newDay.add(new RollupReader.Cell("C", D2.plusDays(1), 1, 0, 0, 0));
        assertThat(JobPrePeriodReader.sameAsRollups(ROWS, newDay, MetricType.MEAN)).isFalse();
    }

    @Test
    void onlyTheCovariateTheJobComputesOfAnUncappedMetric() {
        assertThat(JobPrePeriodReader.applies(metric("spend"))).isTrue();
        assertThat(JobPrePeriodReader.applies(metric("capped"))).as("a cap needs every unit's value").isFalse();
        assertThat(JobPrePeriodReader.applies(metric("visits"))).as("interactions are not events").isFalse();
    }

    private static MetricSpec metric(String name) {
        return DEFINITION.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }
}
