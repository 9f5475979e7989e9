package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputGuardTest {
    @Test
    void findsNulRawOrEscaped() {
        assertThat(InputGuard.containsNul("{\"a\":\"x\u0000y\"}")).isTrue();
        assertThat(InputGuard.containsNul("{\"a\":\"x\\u0000y\"}")).isTrue();
        assertThat(InputGuard.containsNul("{\"a\":\"\\\\\\u0000\"}")).as("escaped backslash, then an escaped NUL").isTrue();
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(InputGuard.containsNul("{\"a\":\"\\\\u0000\"}")).as("a backslash, then the text u0000").isFalse();
        assertThat(InputGuard.containsNul("{\"a\":\"\\u0001 \\u00e9 \\n u0000\"}")).isFalse();
        assertThat(InputGuard.containsNul("")).isFalse();
        assertThat(InputGuard.containsNul("\\")).isFalse();
    }
}
