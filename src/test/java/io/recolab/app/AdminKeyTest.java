package io.recolab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeyTest {
    @TempDir
    Path tmp;

    private Recolab start(String adminKey) {
        return Recolab.start(new Recolab.Config("127.0.0.1", 0, tmp, null, null, adminKey, 1000));
    }

    @Test
    void generatedOnceStoredInTheDataDirAndNotShownAgain() throws Exception {
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

    @Test
    void environmentKeyIsUsedAndRotatingItRevokesTheOldOne() {
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
