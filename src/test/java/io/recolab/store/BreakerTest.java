package io.recolab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The outage breaker's states, on a clock the test moves by hand. */
class BreakerTest {
    final AtomicLong now = new AtomicLong(1_000);
    final Breaker breaker = new Breaker(now::get, 1, TimeUnit.SECONDS);

    @Test
    void closedLetsEveryoneTry() {
        assertThat(breaker.mayTry()).isTrue();
        assertThat(breaker.mayTry()).isTrue();
        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void afterAFailureCallersFailFastUntilOneProbes() {
        breaker.failed("connection refused");
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.lastFailure()).isEqualTo("connection refused");
        assertThat(breaker.mayTry()).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertThat(breaker.mayTry()).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(breaker.mayTry()).as("the probe").isTrue();
        assertThat(breaker.mayTry()).as("only one probe at a time").isFalse();
    }

    @Test
    void aFailedProbeWaitsAnotherWhile() {
        breaker.failed("refused");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(breaker.mayTry()).isTrue();
        breaker.failed("still refused");
        assertThat(breaker.mayTry()).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(breaker.mayTry()).isTrue();
    }

    @Test
    void aSuccessfulProbeClosesIt() {
        breaker.failed("refused");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(breaker.mayTry()).isTrue();
        breaker.succeeded();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.mayTry()).isTrue();
        assertThat(breaker.mayTry()).isTrue();
    }

    @Test
    void aProbeThatLearnsNothingLetsTheNextProbe() {
        breaker.failed("refused");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(breaker.mayTry()).isTrue();
        breaker.released();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.mayTry()).isTrue();
    }
}
