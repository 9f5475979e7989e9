package io.recolab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Backoff perUser = new Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1));
    private final Backoff perAddress = new Backoff(10, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1));
    private final SignInThrottle throttle = new SignInThrottle(perUser, perAddress, clock, 1000);

    @Test
    void backoffDoublesAfterTheFreeFailuresUpToTheCap() {
        Backoff.Strikes s = Backoff.Strikes.NONE;
        Instant t = clock.instant();
        for (int i = 0; i < 3; i++) {
            assertThat(perUser.waitBefore(s, t)).isEmpty();
            s = perUser.failed(s, t);
        }
        assertThat(perUser.waitBefore(s, t)).contains(Duration.ofSeconds(1));
        assertThat(perUser.waitBefore(s, t.plusMillis(400))).contains(Duration.ofMillis(600));
        assertThat(perUser.waitBefore(s, t.plusSeconds(1))).isEmpty();
        s = perUser.failed(s, t);
        assertThat(perUser.waitBefore(s, t)).contains(Duration.ofSeconds(2));
        s = perUser.failed(s, t);
        assertThat(perUser.waitBefore(s, t)).contains(Duration.ofSeconds(4));
        for (int i = 0; i < 50; i++) {
            s = perUser.failed(s, t);
        }
        assertThat(perUser.waitBefore(s, t)).contains(Duration.ofSeconds(60));
        // Quiet for forgetAfter: a fresh start.
        assertThat(perUser.waitBefore(s, t.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(perUser.forgotten(s, t.plus(Duration.ofHours(1)))).isTrue();
        assertThat(perUser.failed(s, t.plus(Duration.ofHours(1))).failures()).isEqualTo(1);
    }

    @Test
    void aGuesserIsSlowedDownWithRetryAfterAndTheRightPasswordDoesNotHelpMeanwhile() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAttempt("alice", "10.0.0.1")).isEmpty(); // each counted as failed
        }
        Optional<Duration> wait = throttle.tryAttempt("alice", "10.0.0.1");
        assertThat(wait).contains(Duration.ofSeconds(1));
        // Another address, same user: still throttled (the username is the target).
        assertThat(throttle.tryAttempt("ALICE", "10.0.0.2")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt("alice", "10.0.0.1")).isEmpty();
        assertThat(throttle.tryAttempt("alice", "10.0.0.1")).contains(Duration.ofSeconds(2));
    }

    @Test
    void successForgivesTheUsernameAndGivesTheAddressItsAttemptBack() {
        for (int i = 0; i < 2; i++) {
            assertThat(throttle.tryAttempt("bob", "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.tryAttempt("bob", "10.0.0.1")).isEmpty();
        throttle.succeeded("bob", "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAttempt("bob", "10.0.0.1")).as("attempt %d after success", i).isEmpty();
            throttle.succeeded("bob", "10.0.0.1");
        }
        // The address counted 2 real failures only: 8 more free ones before it is slowed down.
        for (int i = 0; i < 8; i++) {
            assertThat(throttle.tryAttempt("user" + i, "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.tryAttempt("someone-else", "10.0.0.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt("someone-else", "10.0.0.9")).isEmpty();
    }

    @Test
    void unknownUsernamesAreCountedLikeKnownOnes() {
        for (int i = 0; i < 3; i++) {
            throttle.tryAttempt("nobody-by-this-name", "10.0.0.3");
        }
        assertThat(throttle.tryAttempt("nobody-by-this-name", "10.0.0.3")).isPresent();
    }

    @Test
    void holdsAtMostItsCapacity() {
        SignInThrottle small = new SignInThrottle(perUser, perAddress, clock, 10);
        for (int i = 0; i < 100; i++) {
            small.tryAttempt("u" + i, "10.0.0.1");
        }
        assertThat(small.tracked()).isLessThanOrEqualTo(10);
    }
}
