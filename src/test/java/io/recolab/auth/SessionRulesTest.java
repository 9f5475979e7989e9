package io.recolab.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session tokens, their CSRF tokens and expiry: pure rules, no store. */
class SessionRulesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");
    private final SessionPolicy policy = new SessionPolicy(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(1));

    @Test
    void tokensAreLongRandomAndStoredOnlyAsTheirHash() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = Secrets.newSecret(Sessions.TOKEN_PREFIX);
            assertThat(token).startsWith("rls_").hasSize(4 + 43).matches("rls_[A-Za-z0-9_-]{43}");
            assertThat(seen.add(token)).isTrue();
        }
        String token = seen.iterator().next();
        assertThat(Secrets.sha256Hex(token)).hasSize(64).doesNotContain(token.substring(4));
        assertThat(Secrets.sha256Hex(token)).isEqualTo(Secrets.sha256Hex(token));
    }

    @Test
    void csrfTokenBelongsToItsSessionAndIsNotTheStoredId() {
        String a = Secrets.newSecret("rls_");
        String b = Secrets.newSecret("rls_");
        String csrfA = Sessions.csrfToken(a);
        assertThat(csrfA).isEqualTo(Sessions.csrfToken(a)).isNotEqualTo(Sessions.csrfToken(b)).hasSize(43);
        assertThat(csrfA).isNotEqualTo(Secrets.sha256Hex(a)).doesNotContain(a.substring(4));
        SignedIn session = new SignedIn(Secrets.sha256Hex(a), user(), csrfA, T0, T0.plus(Duration.ofHours(12)));
        assertThat(Sessions.csrfMatches(session, csrfA)).isTrue();
        assertThat(Sessions.csrfMatches(session, Sessions.csrfToken(b))).isFalse();
        assertThat(Sessions.csrfMatches(session, null)).isFalse();
        assertThat(Sessions.csrfMatches(session, "")).isFalse();
        assertThat(Sessions.csrfMatches(session, csrfA.substring(1))).isFalse();
        assertThat(Sessions.csrfMatches(session, "x".repeat(5000))).isFalse();
    }

    @Test
    void idleAndAbsoluteExpiry() {
        Instant expires = policy.expiresAt(T0);
        assertThat(expires).isEqualTo(T0.plus(Duration.ofHours(12)));
        assertThat(policy.alive(T0, expires, T0.plus(Duration.ofMinutes(29)))).isTrue();
        assertThat(policy.alive(T0, expires, T0.plus(Duration.ofMinutes(30)))).as("idle 30 min").isFalse();
        // Active all day: the idle timer keeps moving, the absolute limit does not.
        Instant lastSeen = T0.plus(Duration.ofHours(11).plusMinutes(50));
        assertThat(policy.alive(lastSeen, expires, T0.plus(Duration.ofHours(11).plusMinutes(59)))).isTrue();
        assertThat(policy.alive(lastSeen, expires, T0.plus(Duration.ofHours(12)))).as("absolute 12 h").isFalse();
        assertThat(policy.shouldTouch(T0, T0.plusSeconds(59))).isFalse();
        assertThat(policy.shouldTouch(T0, T0.plusSeconds(60))).isTrue();
        assertThatThrownBy(() -> new SessionPolicy(Duration.ofHours(2), Duration.ofHours(1), Duration.ZERO))
                .hasMessageContaining("idle <= absolute");
    }

    @Test
    void rolesAndScopesGrantPermissions() {
        assertThat(Role.VIEWER.permissions()).containsExactly(Permission.READ);
        assertThat(Role.OWNER.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.MANAGE_EXPERIMENTS);
        assertThat(Role.ADMIN.permissions()).containsExactlyInAnyOrder(Permission.values());
        SignedIn viewer = new SignedIn("id", user(), "csrf", T0, T0);
        assertThat(viewer.may(Permission.READ)).isTrue();
        assertThat(viewer.may(Permission.MANAGE_EXPERIMENTS)).isFalse();
        assertThat(viewer.refusal(Permission.MANAGE_EXPERIMENTS)).isEqualTo(
                "the role 'viewer' does not allow this (needs owner or admin)");
        assertThat(viewer.actor()).isEqualTo("user:vera");
        ApiKey read = new ApiKey("k1", "rlk_abcdef", "reporting", Set.of(Scope.READ), T0, null, null, null);
        assertThat(read.may(Permission.READ)).isTrue();
        assertThat(read.may(Permission.ASSIGN)).isFalse();
        assertThat(read.refusal(Permission.MANAGE_EXPERIMENTS)).isEqualTo("this key lacks the 'admin' scope");
        ApiKey admin = new ApiKey("k2", "rlk_abcdef", "ops", Set.of(Scope.ADMIN), T0, null, null, null);
        assertThat(Permission.values()).allMatch(admin::may);
        SignedIn disabled = new SignedIn("id", user().withDisabled(true, T0).withRole(Role.ADMIN, T0), "c", T0, T0);
        assertThat(disabled.may(Permission.READ)).isFalse();
    }

    @Test
    void keyStates() {
        ApiKey key = new ApiKey("k", "rlk_x", "l", Set.of(Scope.READ), T0, T0.plusSeconds(60), null, "user:ann");
        assertThat(key.state(T0)).isEqualTo("active");
        assertThat(key.state(T0.plusSeconds(60))).isEqualTo("expired");
        assertThat(new ApiKey("k", "rlk_x", "l", Set.of(Scope.READ), T0, null, T0, null).state(T0)).isEqualTo("revoked");
    }

    private static User user() {
        return new User("vera", Role.VIEWER, false, T0, T0, T0);
    }
}
