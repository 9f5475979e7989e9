package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test moves by hand. */
class TokenBucketTest {
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aQuietCallerMaySendItsBurstAtOnceThenWaitsForTheRate() {
        TokenBucket bucket = new TokenBucket(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.take(0)).as("request %d of the burst", i).isZero();
        }
        // Empty: the next token comes after 1/10 s.
        assertThat(bucket.take(0)).isEqualTo(SECOND / 10);
        assertThat(bucket.take(SECOND / 20)).isEqualTo(SECOND / 20);
        assertThat(bucket.take(SECOND / 10)).isZero();
        assertThat(bucket.take(SECOND / 10)).isEqualTo(SECOND / 10);
    }

    @Test
    void aSteadyCallerGetsTheRateOverALongRun() {
        TokenBucket bucket = new TokenBucket(100, 10, 0);
        int allowed = 0;
        // Asks every millisecond for 10 s (10x the rate).
        for (long t = 0; t < 10 * SECOND; t += SECOND / 1000) {
            allowed += bucket.take(t) == 0 ? 1 : 0;
        }
        assertThat(allowed).isBetween(10 * 100, 10 * 100 + 10);
    }

    @Test
    void tokensNeverPileUpBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(1, 3, 0);
        assertThat(bucket.full(3600 * SECOND)).isTrue();
        int allowed = 0;
        while (bucket.take(3600 * SECOND) == 0) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(3);
        assertThat(bucket.full(3600 * SECOND)).isFalse();
        assertThat(bucket.full(3603 * SECOND)).isTrue();
    }

    @Test
    void aClockThatStepsBackDoesNotMintTokens() {
        TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
        assertThat(bucket.take(10 * SECOND)).isZero();
        assertThat(bucket.take(5 * SECOND)).isEqualTo(SECOND);
        assertThat(bucket.take(11 * SECOND)).isZero();
    }

    @Test
    void fractionalRatesWork() {
        TokenBucket bucket = new TokenBucket(0.5, 1, 0);
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isEqualTo(2 * SECOND);
        assertThat(bucket.take(2 * SECOND)).isZero();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).hasMessageContaining("rate > 0");
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).hasMessageContaining("burst >= 1");
    }
}
