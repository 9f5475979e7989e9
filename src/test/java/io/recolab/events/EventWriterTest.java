package io.recolab.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.experiment.MetricSpec;
import io.recolab.domain.DomainError;
import io.recolab.store.Database;
import io.recolab.store.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer on a real H2 store whose pooled connections the test holds, so the writer
 * stalls on demand: back-pressure (503 when the queue is full) and the drain on close.
 */
class EventWriterTest {
    static final ExperimentSnapshot EXPERIMENT = new ExperimentSnapshot("ev",
            Map.of("purchase", new MetricSpec("purchase", MetricSpec.Type.BINOMIAL, 14)));

    @TempDir
    Path tmp;

    static List<Event> batch(String prefix, int n) {
        List<Event> events = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            events.add(new Event(prefix + i, EventType.EXPOSURE, EXPERIMENT, "u" + prefix + i, now, now, null, 1, "C", true, null));
        }
        return events;
    }

    @Test
    void fullQueueAnswersUnavailableAndDrainsOnClose() throws Exception {
        try (Database db = Database.open(Database.h2Url(tmp), 2)) {
            EventWriter writer = new EventWriter(db, new EventStore(Dialect.H2, new Attribution(Dialect.H2)),
                    new EventWriter.Limits(1_000, 10_000));
            writer.start();
            CompletableFuture<Receipt> first;
            List<CompletableFuture<Receipt>> queued = new ArrayList<>();
            try (Connection held = db.connection(); Connection alsoHeld = db.connection()) {
                first = writer.submit(batch("a", 600));
                queued.add(writer.submit(batch("b", 400)));
                CompletableFuture<Receipt> refused = writer.submit(batch("c", 1));
                assertThat(refused).isCompletedExceptionally();
                Assertions.assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(DomainError.class)
                        .satisfies(e -> assertThat(((DomainError) e.getCause()).kind()).isEqualTo(DomainError.Kind.UNAVAILABLE))
                        .hasMessageContaining("behind");
                assertThat(writer.queuedEvents()).isEqualTo(1_000);
            }
            // The connection is back: everything queued commits, the room is free again.
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt(600, 0));
            assertThat(queued.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt(400, 0));
            assertThat(writer.submit(batch("c", 1)).get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt(1, 0));

            // Close while batches wait behind a held connection: they still commit before close returns.
            List<CompletableFuture<Receipt>> pending = new ArrayList<>();
            Connection held = db.connection();
            Connection alsoHeld = db.connection();
            for (int i = 0; i < 5; i++) {
                pending.add(writer.submit(batch("d" + i + "-", 100)));
            }
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    held.close();
                    alsoHeld.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            releaser.start();
            writer.close();
            for (CompletableFuture<Receipt> f : pending) {
                assertThat(f).isCompletedWithValue(new Receipt(100, 0));
            }
            CompletableFuture<Receipt> late = writer.submit(batch("e", 1));
            assertThat(late).isCompletedExceptionally();
            Assertions.assertThatThrownBy(late::join).hasMessageContaining("shutting down");
            releaser.join();
            // Retries are duplicates.
            assertThat(new EventWriterProbe(db).count()).isEqualTo(1_501);
        }
    }

    @Test
    void deferredBatchesLingerToShareOneCommitUntilACallerWaits() throws Exception {
        try (Database db = Database.open(Database.h2Url(tmp), 2)) {
            EventWriter writer = new EventWriter(db, new EventStore(Dialect.H2, new Attribution(Dialect.H2)),
                    new EventWriter.Limits(1_000, 10_000, java.time.Duration.ofMillis(300)));
            writer.start();
            List<CompletableFuture<Receipt>> deferred = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                deferred.add(writer.submitDeferred(batch("x" + i + "-", 1)));
            }
            for (CompletableFuture<Receipt> f : deferred) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt(1, 0));
            }
            assertThat(writer.commits()).as("five deferred batches, one commit").isEqualTo(1);

            // With a linger far longer than the test, a waiting caller's batch ends the wait at once and
            // commits together with the deferred ones queued before it, in order.
            EventWriter patient = new EventWriter(db, new EventStore(Dialect.H2, new Attribution(Dialect.H2)),
                    new EventWriter.Limits(1_000, 10_000, java.time.Duration.ofSeconds(1)));
            writer.close();
            patient.start();
            CompletableFuture<Receipt> early = patient.submitDeferred(batch("y", 3));
            long start = System.nanoTime();
            assertThat(patient.submit(batch("z", 2)).get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt(2, 0));
            assertThat(early.get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt(3, 0));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
            assertThat(patient.commits()).isEqualTo(1);

            // Close does not wait out a linger, and commits what lingers.
            CompletableFuture<Receipt> lingering = patient.submitDeferred(batch("w", 4));
            start = System.nanoTime();
            patient.close();
            assertThat(lingering).isCompletedWithValue(new Receipt(4, 0));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
            assertThat(new EventWriterProbe(db).count()).isEqualTo(5 + 3 + 2 + 4);
        }
    }

    @Test
    void aBatchThatDoesNotFitItsGroupStartsTheNext() throws Exception {
        try (Database db = Database.open(Database.h2Url(tmp), 2)) {
            EventWriter writer = new EventWriter(db, new EventStore(Dialect.H2, new Attribution(Dialect.H2)),
                    new EventWriter.Limits(1_000, 100, java.time.Duration.ofMillis(200)));
            writer.start();
            List<CompletableFuture<Receipt>> all = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                all.add(writer.submitDeferred(batch("g" + i + "-", 40)));
            }
            for (CompletableFuture<Receipt> f : all) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt(40, 0));
            }
            // 280 events, at most 100 per commit, whole batches only: 2 + 2 + 2 + 1.
            assertThat(writer.commits()).isEqualTo(4);
            writer.close();
            assertThat(new EventWriterProbe(db).count()).isEqualTo(280);
        }
    }

    /** Counts raw events directly: what the store holds, not what the writer said. */
    record EventWriterProbe(Database db) {
        long count() throws Exception {
            try (Connection c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
