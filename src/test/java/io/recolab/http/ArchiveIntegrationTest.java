package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Archiving (issue 17): a draft or stopped experiment leaves the default list but stays in the
 * store, readable by key with its results, exports and audit trail, read-only until unarchived;
 * DELETE is refused with 405 naming the archive call. Real server, real H2 and PostgreSQL.
 */
class ArchiveIntegrationTest {
    private static final String DEFINITION = """
            {"key":"KEY","description":"a test","treatments":[{"name":"C","weight":1,"recommender":"bestseller"},
             {"name":"T1","weight":1,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    static java.util.stream.Stream<Stores.Kind> stores() {
        return Stores.both();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void archivedExperimentsLeaveTheListButStayReadableAndReadOnly(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            create(server, "old-draft");
            create(server, "finished");
            create(server, "live");
            ok(server.post("/api/v1/experiments/finished/start", null));
            ok(server.post("/api/v1/experiments/live/start", null));
            var events = server.post("/api/v1/events", """
                    {"events":[{"id":"e1","type":"exposure","experiment":"finished","unit":"u1"},
                     {"id":"e2","type":"conversion","experiment":"finished","unit":"u1","metric":"purchase","value":1}]}""");
            ok(events);
            ok(server.post("/api/v1/experiments/finished/stop", null));

            // DELETE never deletes: a clear 405 that names the archive call.
            var delete = server.send("DELETE", "/api/v1/experiments/old-draft", null, TestServer.ADMIN_KEY);
            assertThat(delete.status()).isEqualTo(405);
            assertThat(delete.header("Allow")).isEqualTo("GET, PUT");
            assertThat(delete.json().get("error").asText()).contains("POST /api/v1/experiments/old-draft/archive");

            // Only drafts and stopped experiments: a running one must be stopped first.
            var running = server.post("/api/v1/experiments/live/archive", null);
            assertThat(running.status()).isEqualTo(409);
            assertThat(running.json().get("error").asText()).contains("it is running").contains("stop it first");
            assertThat(server.post("/api/v1/experiments/nobody/archive", null).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/experiments/finished").json().get("allowedActions"))
                    .extracting(JsonNode::asText).containsExactly("archive");

            long counter = server.app().experiments().changeCounter();
            JsonNode archived = ok(server.post("/api/v1/experiments/finished/archive", null)).json();
            assertThat(archived.get("archived").asBoolean()).isTrue();
            assertThat(archived.get("archivedAt").asText()).isNotEmpty();
            assertThat(archived.get("status").asText()).isEqualTo("stopped");
            assertThat(archived.get("stoppedAt").asText()).isNotEmpty();
            assertThat(archived.get("allowedActions")).extracting(JsonNode::asText).containsExactly("unarchive");
            JsonNode last = archived.get("history").get(archived.get("history").size() - 1);
            assertThat(last.get("action").asText()).isEqualTo("archive");
            assertThat(last.get("actor").asText()).contains("bootstrap admin");
            assertThat(last.at("/detail/status").asText()).isEqualTo("stopped");
            assertThat(server.app().experiments().changeCounter()).as("other nodes learn of it").isGreaterThan(counter);
            ok(server.post("/api/v1/experiments/old-draft/archive", null));

            // A retry is harmless: same answer, no second audit record.
            int historySize = archived.get("history").size();
            JsonNode again = ok(server.post("/api/v1/experiments/finished/archive", null)).json();
            assertThat(again.get("history")).hasSize(historySize);

            // Hidden from the default list; archived=true|all show them; a bad value names the field.
            assertThat(keys(server, "/api/v1/experiments")).containsExactly("live");
            assertThat(keys(server, "/api/v1/experiments?archived=false")).containsExactly("live");
            assertThat(keys(server, "/api/v1/experiments?archived=true")).containsExactlyInAnyOrder("finished", "old-draft");
            assertThat(keys(server, "/api/v1/experiments?archived=all")).containsExactlyInAnyOrder("finished", "old-draft", "live");
            assertThat(keys(server, "/api/v1/experiments?archived=true&status=draft")).containsExactly("old-draft");
            var bad = server.get("/api/v1/experiments?archived=yes");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("error").asText()).contains("archived");

            // Read-only: no definition change, no lifecycle move.
            var put = server.put("/api/v1/experiments/old-draft", DEFINITION.replace("KEY", "old-draft").replace("a test", "changed"));
            assertThat(put.status()).isEqualTo(409);
            assertThat(put.json().get("error").asText()).contains("archived").contains("unarchive it first");
            var start = server.post("/api/v1/experiments/old-draft/start", null);
            assertThat(start.status()).isEqualTo(409);
            assertThat(start.json().get("error").asText()).contains("archived");

            // Still readable by key, with its results and exports.
            assertThat(ok(server.get("/api/v1/experiments/finished")).json().get("archived").asBoolean()).isTrue();
            JsonNode results = ok(server.get("/api/v1/experiments/finished/results")).json();
            assertThat(results.at("/treatments/0/units").asLong() + results.at("/treatments/1/units").asLong()).isEqualTo(1);
            assertThat(ok(server.get("/api/v1/experiments/finished/export/results.csv")).body()).contains("finished,purchase,");
            assertThat(ok(server.get("/api/v1/experiments/finished/export/daily.csv")).body()).contains("finished,purchase,");

            // It survives a restart; unarchive brings it back in the status it had, audited.
            server.restart();
            assertThat(keys(server, "/api/v1/experiments")).containsExactly("live");
            JsonNode back = ok(server.post("/api/v1/experiments/old-draft/unarchive", null)).json();
            assertThat(back.get("archived").asBoolean()).isFalse();
            assertThat(back.get("archivedAt").isNull()).isTrue();
            assertThat(back.get("status").asText()).isEqualTo("draft");
            assertThat(back.get("allowedActions")).extracting(JsonNode::asText).containsExactly("start", "archive");
            assertThat(back.get("history")).extracting(h -> h.get("action").asText()).containsExactly("create", "archive", "unarchive");
            assertThat(keys(server, "/api/v1/experiments")).containsExactlyInAnyOrder("live", "old-draft");
            ok(server.put("/api/v1/experiments/old-draft", DEFINITION.replace("KEY", "old-draft").replace("a test", "changed")));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPausedExperimentOffersResumeOnlyAndAViewerCannotArchive(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("data"), null)) {
            create(server, "paused");
            ok(server.post("/api/v1/experiments/paused/start", null));
            JsonNode paused = ok(server.post("/api/v1/experiments/paused/pause", null)).json();
            assertThat(paused.get("allowedActions")).extracting(JsonNode::asText).containsExactly("resume", "stop");
            var key = server.post("/api/v1/keys", "{\"label\":\"reader\",\"scopes\":[\"read\"]}").json().get("key").asText();
            ok(server.post("/api/v1/experiments/paused/stop", null));
            assertThat(server.send("POST", "/api/v1/experiments/paused/archive", null, key).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/experiments/paused").json().get("archived").asBoolean()).isFalse();
        }
    }

    private static void create(TestServer server, String key) {
        var r = server.post("/api/v1/experiments", DEFINITION.replace("KEY", key));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static TestServer.Response ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static List<String> keys(TestServer server, String path) {
        List<String> keys = new ArrayList<>();
        ok(server.get(path)).json().get("experiments").forEach(e -> keys.add(e.get("key").asText()));
        return keys;
    }
}
