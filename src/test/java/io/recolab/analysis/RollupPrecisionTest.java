package io.recolab.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.events.Attribution;
import io.recolab.events.Event;
import io.recolab.events.EventStore;
import io.recolab.events.EventType;
import io.recolab.events.EventWriter;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import io.recolab.stats.MetricType;
import io.recolab.store.Database;
import io.recolab.store.Dialect;
import io.recolab.testing.Stores;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 22.4, store side: a mean metric whose values are large against their spread (1e6 or 1e7 +
 * N(0, 1)) keeps its variance through the whole write and read path (attribution deltas, the rollup
 * rows of the store, the reader's totals). Reference: the two-pass variance (mean first, then the
 * squared deviations) of the same per-unit values in double: the deviations are of order 1, so it
 * is exact to ~1e-12. Target: relative error < 1e-6. Measured before V25 (DOUBLE PRECISION sums,
 * compensated addition when read): 3.5e-4 at 1e6 and 1.3e-2 at 1e7, on H2 and PostgreSQL alike.
 */
class RollupPrecisionTest {
    private static final int UNITS = 4000;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} at mean {1}")
    @CsvSource({"H2, 1e6", "H2, 1e7", "POSTGRESQL, 1e6", "POSTGRESQL, 1e7"})
    void varianceFromTheStoredRollupsMatchesTwoPass(Stores.Kind kind, double mean) throws Exception {
        String url;
        if (kind == Stores.Kind.H2) {
            url = Database.h2Url(tmp);
        } else {
            Assumptions.assumeTrue(Stores.postgresReachable(), "PostgreSQL at 127.0.0.1:5432 is not reachable; skipping");
            url = Stores.freshPostgresSchema();
        }
        ExperimentSnapshot experiment = new ExperimentSnapshot("precise",
                Map.of("revenue", new MetricSpec("revenue", MetricSpec.Type.MEAN, 14)));
        Random random = new Random(22);
        double[] deviations = new double[UNITS];
        Instant at = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < UNITS; i++) {
            deviations[i] = random.nextGaussian();
            // Two conversions per unit: its value is their sum, mean + deviation.
            double part = mean / 2;
            events.add(new Event("x" + i, EventType.EXPOSURE, experiment, "u" + i, at, at, null, 1, "C", true, null, null));
            events.add(new Event("a" + i, EventType.CONVERSION, experiment, "u" + i, at.plusSeconds(5), at, "revenue", part,
                    "C", true, null, null));
            events.add(new Event("b" + i, EventType.CONVERSION, experiment, "u" + i, at.plusSeconds(6), at, "revenue",
                    part + deviations[i], "C", true, null, null));
        }
        Dialect dialect = kind == Stores.Kind.H2 ? Dialect.H2 : Dialect.POSTGRESQL;
        ArmTotals totals = new ArmTotals();
        double[] values = new double[UNITS];
        try (Database db = Database.open(url, 2)) {
            try (EventWriter writer = new EventWriter(db, new EventStore(dialect, new Attribution(dialect)),
                    new EventWriter.Limits(1_000, 100_000))) {
                writer.start();
                for (int from = 0; from < events.size(); from += 900) {
                    writer.submit(events.subList(from, Math.min(events.size(), from + 900))).get(60, TimeUnit.SECONDS);
                }
            }
            for (RollupReader.Cell cell : new RollupReader(db).read("precise", "revenue")) {
                totals.add(cell);
            }
        } finally {
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(url);
            }
        }
        for (int i = 0; i < UNITS; i++) {
            values[i] = (mean / 2) + ((mean / 2) + deviations[i]); // the value as the store adds the unit's conversions
        }
        double reference = twoPassVariance(values);
        double stored = totals.stats(MetricType.MEAN).variance(MetricType.MEAN);
        double error = Math.abs(stored - reference) / reference;
        System.out.printf("rollup precision: %s mean %.0e: variance %.12f, two-pass %.12f, relative error %.3e%n",
                kind, mean, stored, reference, error);
        assertThat(totals.units()).isEqualTo(UNITS);
        assertThat(error).as("relative variance error at mean %s", mean).isLessThan(1e-6);
    }

    /** The textbook two-pass variance: the mean first, then the squared deviations from it. */
    static double twoPassVariance(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double m = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - m) * (v - m);
        }
        return squares / (values.length - 1);
    }
}
