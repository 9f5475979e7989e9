package io.recolab.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Two "nodes" (two pools on one store) contend for the same named lock. */
class JobLockTest {
    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    private String url(Stores.Kind kind) {
        return kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema() : Database.h2Url(tmp);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aHeldLockSkipsTheOtherNodeAndIsReleasedAfterwards(Stores.Kind kind) throws Exception {
        String url = url(kind);
        try (Database a = Database.open(url, 4); Database b = Database.open(url, 4)) {
            JobLock onA = JobLock.of(a);
            JobLock onB = JobLock.of(b);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> first = pool.submit(() -> onA.tryRun("rollup", () -> {
                    held.countDown();
                    await(release);
                }));
                assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(onB.tryRun("rollup", () -> { })).as("B while A holds it").isFalse();
                assertThat(onB.tryRun("another-job", () -> { })).as("other names are independent").isTrue();
                release.countDown();
                assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
                assertThat(onB.tryRun("rollup", () -> { })).as("B after A released it").isTrue();
                // A failing job releases the lock too.
                try {
                    onA.runExclusively("rollup", () -> {
                        throw new IllegalStateException("boom");
                    });
                } catch (IllegalStateException expected) {
                    assertThat(expected).hasMessage("boom");
                }
                assertThat(onB.tryRun("rollup", () -> { })).isTrue();
            } finally {
                pool.shutdownNow();
            }
        } finally {
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(url);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void runExclusivelyWaitsItsTurn(Stores.Kind kind) throws Exception {
        String url = url(kind);
        try (Database a = Database.open(url, 4); Database b = Database.open(url, 4)) {
            JobLock[] nodes = {JobLock.of(a), JobLock.of(b)};
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger runs = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                var done = new java.util.ArrayList<Future<?>>();
                for (int i = 0; i < 8; i++) {
                    JobLock node = nodes[i % 2];
                    done.add(pool.submit(() -> node.runExclusively("bootstrap", () -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        sleep(20);
                        inside.decrementAndGet();
                        return runs.incrementAndGet();
                    })));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(runs).hasValue(8);
            assertThat(most).as("jobs inside the lock at once").hasValue(1);
        } finally {
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(url);
            }
        }
    }

    /** Advisory locks are database-wide; the key includes the schema, so two deployments never contend. */
    @Test
    void postgresLocksAreScopedToTheSchema() throws Exception {
        String one = Stores.freshPostgresSchema();
        String two = Stores.freshPostgresSchema();
        try (Database a = Database.open(one, 2); Database b = Database.open(two, 2)) {
            boolean[] otherRan = new boolean[1];
            assertThat(JobLock.of(a).tryRun("rollup", () -> otherRan[0] = JobLock.of(b).tryRun("rollup", () -> { })))
                    .isTrue();
            assertThat(otherRan[0]).isTrue();
        } finally {
            Stores.dropPostgresSchema(one);
            Stores.dropPostgresSchema(two);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
