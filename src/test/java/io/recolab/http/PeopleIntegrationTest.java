package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.auth.Secrets;
import io.recolab.testing.Person;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * People on a real server, on H2 and PostgreSQL: sign-in and sign-out with the session cookie,
 * CSRF, roles, throttling, password changes, user management by admins, and API keys listed,
 * expired and revoked. Services' bearer keys keep working unchanged throughout.
 */
class PeopleIntegrationTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String DEFINITION = """
            {"key":"%s","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
             {"name":"T1","weight":1,"recommender":"item-to-item"}]}""";

    @TempDir
    Path tmp;
    private TestServer server;

    static Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    private TestServer start(Stores.Kind kind) {
        server = TestServer.start(kind, tmp.resolve("data"), null);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void signInSetsAStrictHttpOnlyCookieAndSignOutEndsTheSession(Stores.Kind kind) throws Exception {
        start(kind);
        Person.create(server, "alice", "owner", PASSWORD);
        var wrong = server.request("POST", "/api/v1/session", Person.credentials("alice", "wrong password!!"), Map.of());
        var unknown = server.request("POST", "/api/v1/session", Person.credentials("nobody", "wrong password!!"), Map.of());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body()).contains("wrong username or password");
        assertThat(wrong.header("Set-Cookie")).isNull();

        var ok = server.request("POST", "/api/v1/session", Person.credentials("ALICE", PASSWORD), Map.of());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        String setCookie = ok.header("Set-Cookie");
        // Attribute names are case-insensitive (RFC 6265); Netty writes HTTPOnly.
        assertThat(setCookie).startsWith("recolab_session=rls_").containsIgnoringCase("; HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure").doesNotContain("Max-Age").doesNotContain("Expires");
        String token = Person.cookieValue(ok);
        JsonNode me = ok.json();
        assertThat(me.get("kind").asText()).isEqualTo("user");
        assertThat(me.get("username").asText()).isEqualTo("alice");
        assertThat(me.get("role").asText()).isEqualTo("owner");
        assertThat(me.get("actor").asText()).isEqualTo("user:alice");
        assertThat(me.get("csrfToken").asText()).hasSize(43).isNotEqualTo(token);
        assertThat(ok.body()).doesNotContain(token).doesNotContain(PASSWORD);
        // Behind a TLS-terminating proxy (or with TLS) the cookie is Secure.
        var viaTls = server.request("POST", "/api/v1/session", Person.credentials("alice", PASSWORD),
                Map.of("X-Forwarded-Proto", "https"));
        assertThat(viaTls.header("Set-Cookie")).contains("; Secure").containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
        // A form post (what another site can make a browser send) cannot sign anyone in.
        var form = server.request("POST", "/api/v1/session", "username=alice&password=x",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().get("error").asText()).contains("JSON");

        Person alice = new Person(server, "alice", token, me.get("csrfToken").asText());
        assertThat(alice.get("/api/v1/session").json().get("username").asText()).isEqualTo("alice");
        assertThat(alice.get("/api/v1/experiments").status()).isEqualTo(200);
        if (kind == Stores.Kind.POSTGRESQL) {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT id_hash FROM sessions")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                assertThat(ids).contains(Secrets.sha256Hex(token)).doesNotContain(token);
                try (ResultSet rs = s.executeQuery("SELECT password_hash FROM users WHERE username = 'alice'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
                }
            }
        }

        var noCsrf = alice.sendWithCsrf("DELETE", "/api/v1/session", null, null);
        assertThat(noCsrf.status()).isEqualTo(403);
        var out = alice.send("DELETE", "/api/v1/session", null);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).startsWith("recolab_session=;").contains("Max-Age=0");
        var after = alice.get("/api/v1/session");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("error").asText()).contains("sign in again");
        // No cookie and no key: 401 as before.
        assertThat(server.send("GET", "/api/v1/experiments", null, (String) null).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void cookieCallsThatChangeSomethingNeedTheCsrfTokenBearerKeysDoNot(Stores.Kind kind) {
        start(kind);
        Person.create(server, "olivia", "owner", PASSWORD);
        Person olivia = Person.signIn(server, "olivia", PASSWORD);

        var missing = olivia.sendWithCsrf("POST", "/api/v1/experiments", DEFINITION.formatted("forged"), null);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.contentType()).startsWith("application/json");
        assertThat(missing.json().get("error").asText()).contains("CSRF");
        var wrong = olivia.sendWithCsrf("POST", "/api/v1/experiments", DEFINITION.formatted("forged"), "A".repeat(43));
        assertThat(wrong.status()).isEqualTo(403);
        Person other = Person.signIn(server, "olivia", PASSWORD);
        var anotherSessionsToken = olivia.sendWithCsrf("POST", "/api/v1/experiments", DEFINITION.formatted("forged"),
                other.csrfToken());
        assertThat(anotherSessionsToken.status()).isEqualTo(403);
        assertThat(server.get("/api/v1/experiments/forged").status()).isEqualTo(404);

        assertThat(olivia.get("/api/v1/experiments").status()).as("reading needs no token").isEqualTo(200);
        var created = olivia.send("POST", "/api/v1/experiments", DEFINITION.formatted("by-olivia"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(olivia.send("POST", "/api/v1/experiments/by-olivia/start", null).status()).isEqualTo(200);
        // A service's bearer key: no cookie, no CSRF token, as always.
        assertThat(server.post("/api/v1/experiments", DEFINITION.formatted("by-key")).status()).isEqualTo(201);
        assertThat(server.post("/api/v1/experiments/by-key/start", "").status()).isEqualTo(200);

        JsonNode history = server.get("/api/v1/experiments/by-olivia").json().get("history");
        assertThat(history).extracting(h -> h.get("actor").asText()).containsExactly("user:olivia", "user:olivia");
        assertThat(history).extracting(h -> h.get("action").asText()).containsExactly("create", "start");
        JsonNode keyHistory = server.get("/api/v1/experiments/by-key").json().get("history");
        assertThat(keyHistory.get(0).get("actor").asText()).startsWith("key:").contains("bootstrap admin");
        // An update by a person is theirs too.
        var ramp = olivia.send("PUT", "/api/v1/experiments/by-key", """
                {"key":"by-key","exposurePercent":100,"treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
                 {"name":"T1","weight":1,"recommender":"item-to-item"}]}""");
        assertThat(ramp.status()).as(ramp.body()).isEqualTo(200);
        assertThat(olivia.send("POST", "/api/v1/experiments/by-key/pause", null).status()).isEqualTo(200);
        JsonNode after = server.get("/api/v1/experiments/by-key").json().get("history");
        assertThat(after.get(after.size() - 1).get("actor").asText()).isEqualTo("user:olivia");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void rolesDecideWhatAPersonMayDo(Stores.Kind kind) {
        start(kind);
        Person.create(server, "vera", "viewer", PASSWORD);
        Person.create(server, "otto", "owner", PASSWORD);
        Person.create(server, "root", "admin", PASSWORD);
        assertThat(server.post("/api/v1/experiments", DEFINITION.formatted("exists")).status()).isEqualTo(201);
        Person vera = Person.signIn(server, "vera", PASSWORD);
        Person otto = Person.signIn(server, "otto", PASSWORD);
        Person root = Person.signIn(server, "root", PASSWORD);

        // A viewer reads, and changes nothing; a refusal says nothing about what exists.
        assertThat(vera.get("/api/v1/experiments/exists").status()).isEqualTo(200);
        assertThat(vera.get("/api/v1/experiments/exists/results").status()).isEqualTo(200);
        var startExisting = vera.send("POST", "/api/v1/experiments/exists/start", null);
        var startMissing = vera.send("POST", "/api/v1/experiments/missing/start", null);
        assertThat(startExisting.status()).isEqualTo(403);
        assertThat(startMissing.status()).isEqualTo(403);
        assertThat(startExisting.body()).isEqualTo(startMissing.body()).contains("role 'viewer'").contains("needs owner or admin");
        assertThat(vera.send("POST", "/api/v1/experiments", DEFINITION.formatted("nope")).status()).isEqualTo(403);
        assertThat(vera.get("/api/v1/keys").status()).isEqualTo(403);
        assertThat(server.get("/api/v1/experiments/exists").json().get("status").asText()).isEqualTo("draft");

        // An owner runs experiments but manages neither keys nor users, and is no service.
        assertThat(otto.send("POST", "/api/v1/experiments/exists/start", null).status()).isEqualTo(200);
        assertThat(otto.get("/api/v1/keys").status()).isEqualTo(403);
        assertThat(otto.send("POST", "/api/v1/keys", "{\"label\":\"x\",\"scopes\":[\"admin\"]}").status()).isEqualTo(403);
        var users = otto.get("/api/v1/users");
        assertThat(users.status()).isEqualTo(403);
        assertThat(users.json().get("error").asText()).contains("role 'owner'").contains("needs admin");
        assertThat(otto.send("POST", "/api/v1/users", "{\"username\":\"x\",\"role\":\"admin\",\"password\":\"" + PASSWORD + "\"}")
                .status()).isEqualTo(403);
        assertThat(otto.send("PATCH", "/api/v1/users/otto", "{\"role\":\"admin\"}").status()).isEqualTo(403);
        assertThat(otto.get("/api/v1/experiments/exists/assignment?unit=u1").status()).isEqualTo(403);

        // An admin may do everything.
        assertThat(root.get("/api/v1/keys").status()).isEqualTo(200);
        assertThat(root.get("/api/v1/users").json().get("users")).extracting(u -> u.get("username").asText())
                .containsExactly("otto", "root", "vera");
        assertThat(root.get("/api/v1/experiments/exists/assignment?unit=u1").status()).isEqualTo(200);
        assertThat(root.get("/api/v1/session").json().get("permissions")).extracting(JsonNode::asText)
                .containsExactly("assign", "read", "manage-experiments", "manage-access");

        // Keys keep their scopes: a read key gets 403 naming the scope it lacks.
        String readKey = server.post("/api/v1/keys", "{\"label\":\"reporting\",\"scopes\":[\"read\"]}").json().get("key").asText();
        var refused = server.send("POST", "/api/v1/experiments/exists/pause", null, readKey);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("this key lacks the 'admin' scope");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void guessingIsThrottledWith429AndRetryAfter(Stores.Kind kind) {
        start(kind);
        Person.create(server, "bob", "viewer", PASSWORD);
        TestServer.Response throttled = null;
        for (int attempt = 0; attempt < 12 && throttled == null; attempt++) {
            var r = server.request("POST", "/api/v1/session", Person.credentials("bob", "guess number " + attempt), Map.of());
            if (r.status() == 429) {
                throttled = r;
            } else {
                assertThat(r.status()).as("attempt %d", attempt).isEqualTo(401);
                assertThat(attempt).as("free attempts").isLessThan(8);
            }
        }
        assertThat(throttled).as("a 429 within 12 guesses").isNotNull();
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 900);
        assertThat(throttled.json().get("error").asText()).contains("too many failed sign-ins");
        // Meanwhile even the right password waits: the answer tells a guesser nothing.
        var right = server.request("POST", "/api/v1/session", Person.credentials("bob", PASSWORD), Map.of());
        assertThat(right.status()).isEqualTo(429);
        // An unknown username is throttled the same way.
        int status = 0;
        for (int attempt = 0; attempt < 12 && status != 429; attempt++) {
            status = server.request("POST", "/api/v1/session", Person.credentials("ghost", "guess " + attempt), Map.of()).status();
        }
        assertThat(status).isEqualTo(429);
        // Once the wait is over, the right password gets in and starts the count afresh.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
                server.request("POST", "/api/v1/session", Person.credentials("bob", PASSWORD), Map.of()).status() == 200);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void changingOnesPasswordEndsEveryOtherSession(Stores.Kind kind) {
        start(kind);
        Person.create(server, "carol", "owner", PASSWORD);
        Person here = Person.signIn(server, "carol", PASSWORD);
        Person elsewhere = Person.signIn(server, "carol", PASSWORD);
        String change = "{\"currentPassword\":\"%s\",\"newPassword\":\"%s\"}";

        var wrongCurrent = here.send("PUT", "/api/v1/session/password", change.formatted("not my password", "a brand new passphrase"));
        assertThat(wrongCurrent.status()).isEqualTo(403);
        assertThat(wrongCurrent.json().get("error").asText()).contains("current password is wrong");
        var tooShort = here.send("PUT", "/api/v1/session/password", change.formatted(PASSWORD, "short"));
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.json().get("error").asText()).contains("12..256");
        assertThat(here.sendWithCsrf("PUT", "/api/v1/session/password", change.formatted(PASSWORD, "a brand new passphrase"), null)
                .status()).isEqualTo(403);
        assertThat(server.put("/api/v1/session/password", change.formatted(PASSWORD, "a brand new passphrase")).status())
                .as("a key has no password").isEqualTo(409);

        var changed = here.send("PUT", "/api/v1/session/password", change.formatted(PASSWORD, "a brand new passphrase"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        Person renewed = new Person(server, "carol", Person.cookieValue(changed), changed.json().get("csrfToken").asText());
        assertThat(renewed.cookie()).isNotEqualTo(here.cookie());
        assertThat(elsewhere.get("/api/v1/session").status()).isEqualTo(401);
        assertThat(here.get("/api/v1/session").status()).as("the old cookie of this browser too").isEqualTo(401);
        assertThat(renewed.get("/api/v1/session").status()).isEqualTo(200);
        assertThat(renewed.send("POST", "/api/v1/experiments", DEFINITION.formatted("after-change")).status()).isEqualTo(201);
        assertThat(server.request("POST", "/api/v1/session", Person.credentials("carol", PASSWORD), Map.of()).status()).isEqualTo(401);
        Person.signIn(server, "carol", "a brand new passphrase");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void adminsCreateUsersSetRolesResetPasswordsAndDisableAccounts(Stores.Kind kind) {
        start(kind);
        Person.create(server, "root", "admin", PASSWORD);
        Person root = Person.signIn(server, "root", PASSWORD);
        String user = "{\"username\":\"%s\",\"role\":\"%s\",\"password\":\"%s\"}";

        var created = root.send("POST", "/api/v1/users", user.formatted("dave.k", "viewer", PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("role").asText()).isEqualTo("viewer");
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("argon2");
        assertThat(root.send("POST", "/api/v1/users", user.formatted("dave.k", "owner", PASSWORD)).status()).isEqualTo(409);
        assertThat(root.send("POST", "/api/v1/users", user.formatted("Dave", "owner", PASSWORD)).json().get("error").asText())
                .contains("username must match");
        assertThat(root.send("POST", "/api/v1/users", user.formatted("eve", "root", PASSWORD)).json().get("error").asText())
                .contains("unknown role");
        var weak = root.send("POST", "/api/v1/users", user.formatted("eve", "viewer", "123"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).doesNotContain("\"123\"");
        assertThat(root.send("POST", "/api/v1/users", "{\"username\":\"eve\",\"role\":\"viewer\",\"password\":\"" + PASSWORD
                + "\",\"isAdmin\":true}").json().get("error").asText()).contains("unknown field 'isAdmin'");
        assertThat(root.get("/api/v1/users").body()).doesNotContain("argon2").doesNotContain("password_hash");

        // A new role takes effect on the next request of an existing session.
        Person dave = Person.signIn(server, "dave.k", PASSWORD);
        assertThat(dave.send("POST", "/api/v1/experiments", DEFINITION.formatted("by-dave")).status()).isEqualTo(403);
        assertThat(root.send("PATCH", "/api/v1/users/dave.k", "{\"role\":\"owner\"}").json().get("role").asText()).isEqualTo("owner");
        assertThat(dave.send("POST", "/api/v1/experiments", DEFINITION.formatted("by-dave")).status()).isEqualTo(201);

        // Disabled: signed out at once, and cannot sign in (with the same answer as a wrong password).
        assertThat(root.send("PATCH", "/api/v1/users/dave.k", "{\"disabled\":true}").json().get("disabled").asBoolean()).isTrue();
        assertThat(dave.get("/api/v1/experiments").status()).isEqualTo(401);
        var refused = server.request("POST", "/api/v1/session", Person.credentials("dave.k", PASSWORD), Map.of());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("wrong username or password");
        root.send("PATCH", "/api/v1/users/dave.k", "{\"disabled\":false}");
        Person daveAgain = Person.signIn(server, "dave.k", PASSWORD);

        // A reset password ends the user's sessions; the new one works.
        assertThat(root.send("PATCH", "/api/v1/users/dave.k", "{\"password\":\"reset by the admin\"}").status()).isEqualTo(200);
        assertThat(daveAgain.get("/api/v1/session").status()).isEqualTo(401);
        Person.signIn(server, "dave.k", "reset by the admin");

        // Nobody demotes or disables themselves; unknown users are 404.
        assertThat(root.send("PATCH", "/api/v1/users/root", "{\"role\":\"viewer\"}").status()).isEqualTo(409);
        assertThat(root.send("PATCH", "/api/v1/users/root", "{\"disabled\":true}").status()).isEqualTo(409);
        // Nor resets their own password without the current one (a stolen session would take the account).
        var ownReset = root.send("PATCH", "/api/v1/users/root", "{\"password\":\"taken over by a thief\"}");
        assertThat(ownReset.status()).isEqualTo(409);
        assertThat(ownReset.json().get("error").asText()).contains("PUT /api/v1/session/password");
        assertThat(root.get("/api/v1/session").status()).as("still signed in").isEqualTo(200);
        assertThat(root.send("PATCH", "/api/v1/users/nobody", "{\"role\":\"viewer\"}").status()).isEqualTo(404);
        // The bootstrap admin key may manage users too (how the first admin can be made over HTTP).
        assertThat(server.send("PATCH", "/api/v1/users/root", "{\"role\":\"owner\"}", TestServer.ADMIN_KEY).status()).isEqualTo(200);
        assertThat(root.get("/api/v1/users").status()).isEqualTo(403);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void keysAreListedByPrefixAndLabelExpireAndAreRevoked(Stores.Kind kind) {
        start(kind);
        JsonNode eu = server.post("/api/v1/keys", "{\"label\":\"Reporting EU\",\"scopes\":[\"read\"]}").json();
        JsonNode us = server.post("/api/v1/keys", "{\"label\":\"reporting us\",\"scopes\":[\"read\"]}").json();
        server.post("/api/v1/keys", "{\"label\":\"checkout\",\"scopes\":[\"assign\"]}");
        assertThat(eu.get("key").asText()).startsWith("rlk_").hasSize(4 + 43).startsWith(eu.get("prefix").asText());
        assertThat(eu.get("createdBy").asText()).startsWith("key:").contains("bootstrap admin");

        JsonNode reporting = server.get("/api/v1/keys?label=REPORTING").json().get("keys");
        assertThat(reporting).extracting(k -> k.get("label").asText()).containsExactly("Reporting EU", "reporting us");
        JsonNode byPrefix = server.get("/api/v1/keys?prefix=" + eu.get("prefix").asText()).json().get("keys");
        assertThat(byPrefix).extracting(k -> k.get("id").asText()).containsExactly(eu.get("id").asText());
        assertThat(server.get("/api/v1/keys?prefix=rlk_&label=checkout").json().get("keys")).hasSize(1);
        assertThat(server.get("/api/v1/keys?label=nothing-like-this").json().get("keys")).isEmpty();
        String listing = server.get("/api/v1/keys").body();
        assertThat(listing).doesNotContain(eu.get("key").asText()).doesNotContain(us.get("key").asText())
                .doesNotContain("\"key\"");

        // Issued by a person: the listing says who.
        Person.create(server, "root", "admin", PASSWORD);
        Person root = Person.signIn(server, "root", PASSWORD);
        JsonNode byRoot = root.send("POST", "/api/v1/keys", "{\"label\":\"batch\",\"scopes\":[\"assign\"]}").json();
        assertThat(byRoot.get("createdBy").asText()).isEqualTo("user:root");

        // Expiry: a past date is refused; a key expiring soon works until then and is 401 after.
        var past = server.post("/api/v1/keys", "{\"label\":\"old\",\"scopes\":[\"read\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.json().get("error").asText()).contains("future");
        String soon = Instant.now().plusSeconds(2).toString();
        JsonNode expiring = server.post("/api/v1/keys", "{\"label\":\"short-lived\",\"scopes\":[\"read\"],\"expiresAt\":\"" + soon + "\"}").json();
        String secret = expiring.get("key").asText();
        assertThat(server.send("GET", "/api/v1/experiments", null, secret).status()).isEqualTo(200);
        assertThat(expiring.get("state").asText()).isEqualTo("active");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> server.send("GET", "/api/v1/experiments", null, secret).status() == 401);
        assertThat(server.send("GET", "/api/v1/experiments", null, secret).json().get("error").asText()).contains("expired");
        assertThat(server.get("/api/v1/keys?label=short-lived").json().at("/keys/0/state").asText()).isEqualTo("expired");

        // Revocation: at once, and once.
        String usKey = us.get("key").asText();
        assertThat(server.send("GET", "/api/v1/experiments", null, usKey).status()).isEqualTo(200);
        assertThat(root.send("DELETE", "/api/v1/keys/" + us.get("id").asText(), null).status()).isEqualTo(204);
        assertThat(server.send("GET", "/api/v1/experiments", null, usKey).status()).isEqualTo(401);
        assertThat(server.get("/api/v1/keys?label=reporting%20us").json().at("/keys/0/state").asText()).isEqualTo("revoked");
        assertThat(server.send("DELETE", "/api/v1/keys/" + us.get("id").asText(), null, TestServer.ADMIN_KEY).status()).isEqualTo(404);
    }
}
