package io.recolab.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.events.Event;
import io.recolab.events.EventType;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.experiment.MetricSpec;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With no broker to answer, the producer's send waits max.block.ms (2 s) for metadata per record and reports
 * the timeout through its callback: called on the HTTP event loop, a batch of 10 events held the node (health,
 * assignments, everything) for 20 s per call, minutes under load (red-team, 2026-12-07). Now the caller gets
 * its future at once and the batch fails after the first record's timeout.
 */
class IntakeWithoutBrokerTest {
    @Test
    void aBatchFailsFastAndNeverBlocksTheCaller() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ExperimentSnapshot snapshot = new ExperimentSnapshot("kd", Map.of("purchase",
                new MetricSpec("purchase", MetricSpec.Type.BINOMIAL, 14)));
        List<EventRecord> records = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 10; i++) {
            records.add(new EventRecord(new Event("e" + i, EventType.EXPOSURE, snapshot, "u" + i, now, now, null, 1, "C",
                    true, null), null));
        }
        try (KafkaIntake intake = new KafkaIntake(KafkaTarget.parse("kafka:127.0.0.1:" + closed, null))) {
            long t0 = System.nanoTime();
            var answer = intake.send(records);
            long handedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(handedMillis).as("the caller (an event loop) is not held").isLessThan(500);
            Throwable failure = null;
            try {
                answer.get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            long failedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(failure).as("nothing is acknowledged without a broker").isNotNull();
            assertThat(failedMillis).as("one max.block.ms, not one per record").isLessThan(8_000);
            // The intake thread gives up the records it did not hand over just after the answer fails.
            long until = System.nanoTime() + 5_000_000_000L;
            while (intake.pending() != 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(intake.pending()).as("records handed over and not acknowledged").isZero();
        }
    }
}
