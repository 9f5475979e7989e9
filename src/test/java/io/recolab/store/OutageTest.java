package io.recolab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The outage breaker's states, probed by hand (the scheduled probe is set far in the future). */
class OutageTest {
    final AtomicBoolean up = new AtomicBoolean();
    final AtomicInteger probes = new AtomicInteger();

    Outage outage() {
        return new Outage(() -> {
            probes.incrementAndGet();
            return up.get();
        }, 3_600_000);
    }

    @Test
    void withoutAnOutageNothingIsProbed() {
        try (Outage outage = outage()) {
            assertThat(outage.active()).isFalse();
            outage.probe();
            assertThat(probes).hasValue(0);
        }
    }

    @Test
    void anOutageLastsUntilAProbeReachesTheDatabase() {
        try (Outage outage = outage()) {
            outage.begin("Connection refused");
            assertThat(outage.active()).isTrue();
            assertThat(outage.reason()).isEqualTo("Connection refused");
            outage.probe();
            assertThat(outage.active()).as("still down").isTrue();
            up.set(true);
            outage.probe();
            assertThat(outage.active()).isFalse();
            assertThat(outage.reason()).isNull();
            assertThat(probes).hasValue(2);
        }
    }

    @Test
    void theLatestReasonIsKept() {
        try (Outage outage = outage()) {
            outage.begin("refused");
            outage.begin("timed out");
            assertThat(outage.reason()).isEqualTo("timed out");
        }
    }
}
