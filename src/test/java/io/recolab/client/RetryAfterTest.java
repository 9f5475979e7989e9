package io.recolab.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client reads the server's Retry-After (seconds) as a floor under its backoff. */
class RetryAfterTest {
    @Test
    void secondsBecomeMilliseconds() {
        assertThat(Transport.retryAfterMillis("1")).isEqualTo(1_000);
        assertThat(Transport.retryAfterMillis(" 2 ")).isEqualTo(2_000);
    }

    @Test
    void absentOrUnreadableIsNothingAndHugeIsCapped() {
        assertThat(Transport.retryAfterMillis(null)).isZero();
        assertThat(Transport.retryAfterMillis("soon")).isZero();
        assertThat(Transport.retryAfterMillis("-1")).isZero();
        assertThat(Transport.retryAfterMillis("Wed, 21 Oct 2026 07:28:00 GMT")).isZero();
        assertThat(Transport.retryAfterMillis("86400")).isEqualTo(60_000);
    }
}
