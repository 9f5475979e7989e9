package io.recolab.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** On H2 and on PostgreSQL (a fresh schema per test, kept across the test's restarts). */
class AdminKeyTest {
    @TempDir
    Path tmp;
    private String jdbcUrl;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    private void use(Stores.Kind kind) {
        jdbcUrl = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema() : null;
    }

    @AfterEach
    void dropSchema() {
        if (jdbcUrl != null) {
            Stores.dropPostgresSchema(jdbcUrl);
        }
    }

    private Recolab start(String adminKey) {
        return Recolab.start(new Recolab.Config("127.0.0.1", 0, tmp, jdbcUrl, null, adminKey, 1000));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void generatedOnceStoredInTheDataDirAndNotShownAgain(Stores.Kind kind) throws Exception {
        use(kind);
        String key;
        try (Recolab app = start(null)) {
            key = app.newAdminKey();
            assertThat(key).startsWith("rlk_").hasSizeGreaterThan(40);
            assertThat(Files.readString(tmp.resolve("admin.key")).trim()).isEqualTo(key);
            assertThat(app.keys().authenticate(key)).isPresent();
        }
        try (Recolab app = start(null)) {
            assertThat(app.newAdminKey()).isNull();
            assertThat(app.keys().authenticate(key)).isPresent();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void environmentKeyIsUsedAndRotatingItRevokesTheOldOne(Stores.Kind kind) {
        use(kind);
        try (Recolab app = start("first-admin-key-abcdef")) {
            assertThat(app.newAdminKey()).isNull();
            assertThat(app.keys().authenticate("first-admin-key-abcdef")).isPresent();
        }
        try (Recolab app = start("second-admin-key-abcdef")) {
            assertThat(app.keys().authenticate("second-admin-key-abcdef")).isPresent();
            assertThat(app.keys().authenticate("first-admin-key-abcdef")).isEmpty();
        }
        assertThat(tmp.resolve("admin.key")).doesNotExist();
    }
}
