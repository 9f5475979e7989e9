package io.recolab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.ConsoleCapture;
import io.recolab.testing.Person;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code user add|password|list}: the first admin made on the command line, password from stdin. */
class UserCommandTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    @TempDir
    Path tmp;
    private final InputStream originalIn = System.in;

    @AfterEach
    void restoreStdin() {
        System.setIn(originalIn);
    }

    private int run(String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return Main.run(args);
    }

    private String err() {
        return console.err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstAdminSignsInToTheServer() {
        Path data = tmp.resolve("data");
        assertThat(run("first admin password\n", "user", "add", "--data-dir", data.toString(), "--username", "root",
                "--role", "admin")).as(err()).isZero();
        assertThat(console.out.toString(StandardCharsets.UTF_8)).contains("user root (admin) created");
        assertThat(run("", "user", "list", "--data-dir", data.toString())).isZero();
        assertThat(console.out.toString(StandardCharsets.UTF_8)).contains("root\tadmin");

        try (TestServer server = TestServer.start(Stores.Kind.H2, data, null)) {
            Person root = Person.signIn(server, "root", "first admin password");
            assertThat(root.get("/api/v1/users").status()).isEqualTo(200);
            assertThat(root.send("POST", "/api/v1/keys", "{\"label\":\"svc\",\"scopes\":[\"assign\"]}").status()).isEqualTo(201);
        }
        // A forgotten password is set anew (with the server stopped: H2 is one process's file).
        assertThat(run("a second password\r\n", "user", "password", "--data-dir", data.toString(), "--username", "root"))
                .as(err()).isZero();
        try (TestServer server = TestServer.start(Stores.Kind.H2, data, null)) {
            assertThat(server.request("POST", "/api/v1/session", Person.credentials("root", "first admin password"), Map.of())
                    .status()).isEqualTo(401);
            Person.signIn(server, "root", "a second password");
        }
    }

    @Test
    void badInputIsAOneLineError() {
        String dir = tmp.resolve("data").toString();
        // A mistyped --data-dir: said so, and no empty store is left behind to answer from.
        Path typo = tmp.resolve("dta");
        assertThat(run("", "user", "list", "--data-dir", typo.toString())).isEqualTo(2);
        assertThat(err()).contains("no recolab database in " + typo.toAbsolutePath());
        assertThat(run("a long enough password\n", "user", "password", "--data-dir", typo.toString(), "--username", "root"))
                .isEqualTo(2);
        assertThat(typo.resolve("recolab.mv.db")).doesNotExist();
        assertThat(run("long enough password\n", "user", "add", "--data-dir", dir, "--username", "root", "--role", "god"))
                .isEqualTo(2);
        assertThat(err()).contains("--role: unknown role \"god\"");
        assertThat(run("short\n", "user", "add", "--data-dir", dir, "--username", "root", "--role", "admin")).isEqualTo(2);
        assertThat(err()).contains("12..256").doesNotContain("short\n");
        assertThat(run("", "user", "add", "--data-dir", dir, "--username", "root", "--role", "admin")).isEqualTo(2);
        assertThat(err()).contains("RECOLAB_PASSWORD");
        assertThat(run("long enough password\n", "user", "add", "--data-dir", dir, "--username", "Root", "--role", "admin"))
                .isEqualTo(2);
        assertThat(run("long enough password\n", "user", "add", "--data-dir", dir, "--username", "root", "--role", "admin")).isZero();
        assertThat(run("long enough password\n", "user", "add", "--data-dir", dir, "--username", "root", "--role", "viewer"))
                .isEqualTo(1);
        assertThat(err()).contains("error: user 'root' already exists").doesNotContain("\tat ");
        assertThat(run("", "user", "add", "--data-dir", dir, "--username", "x", "--role", "admin", "--password", "p")).isEqualTo(2);
        assertThat(run("", "user")).isEqualTo(2);
    }
}
