package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text that is not well-formed Unicode, and times outside years 1970..9999, are refused at
 * validation with a 400/422 naming the field, on both stores alike. On PostgreSQL an unpaired
 * surrogate used to be stored as '?' (the driver's encoder), so "ls-?" and "ls-\ud800" were one
 * event id, a retried batch holding one answered 503 forever, and a key expiring in the year
 * 999999 was a 503 "database unavailable" (H2 stored it); invalid UTF-8 became U+FFFD on both.
 */
class MalformedTextTest {
    static final String DEFINITION = """
            {"key":"mt","unit":"customer","exposurePercent":100,
             "treatments":[{"name":"C","weight":50,"recommender":"bestseller"},
                           {"name":"T1","weight":50,"recommender":"item-to-item"}],
             "metrics":[{"name":"purchase","type":"binomial","windowDays":14}]}""";

    @TempDir
    Path tmp;

    private static String exposure(String idJson, String unitJson) {
        return "{\"events\":[{\"id\":" + idJson + ",\"type\":\"exposure\",\"experiment\":\"mt\",\"unit\":" + unitJson + "}]}";
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void unpairedSurrogatesAreRefusedAndNeverMergeIds(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("d-" + kind), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/mt/start", null).status()).isEqualTo(200);

            // As JSON.stringify writes a string cut inside an emoji: an escaped lone surrogate.
            expect(server.post("/api/v1/events", exposure("\"sur-\\ud83d\"", "\"u1\"")), 400, "events[0].id", "surrogate");
            expect(server.post("/api/v1/events", exposure("\"e1\"", "\"mu\\ud800\"")), 400, "events[0].unit", "surrogate");
            expect(server.post("/api/v1/events", exposure("\"e1\"", "\"mu\\udc00x\"")), 400, "events[0].unit", "surrogate");
            expect(server.post("/api/v1/events", "{\"events\":[{\"id\":\"e1\",\"type\":\"exposure\",\"experiment\":\"mt\","
                    + "\"unit\":\"u1\",\"items\":[\"ok\",\"i\\ud83d\"]}]}"), 400, "events[0].items[1]", "surrogate");

            // "ls-?" is an id of its own; "ls-\ud800" is refused, not taken for a duplicate of it.
            var first = server.post("/api/v1/events", exposure("\"ls-?\"", "\"u1\""));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().get("accepted").asInt()).isEqualTo(1);
            expect(server.post("/api/v1/events", exposure("\"ls-\\ud800\"", "\"u1\"")), 400, "events[0].id", "surrogate");
            // A well-formed emoji (a surrogate pair) is an ordinary id.
            var emoji = server.post("/api/v1/events", exposure("\"e-\\ud83d\\ude00\"", "\"u-\\ud83d\\ude00\""));
            assertThat(emoji.status()).as(emoji.body()).isEqualTo(200);
            assertThat(emoji.json().get("accepted").asInt()).isEqualTo(1);
            var again = server.post("/api/v1/events", exposure("\"e-\\ud83d\\ude00\"", "\"u-\\ud83d\\ude00\""));
            assertThat(again.json().get("duplicates").asInt()).as(again.body()).isEqualTo(1);

            expect(server.post("/api/v1/interactions", "{\"customer\":\"c1\",\"item\":\"i1\",\"id\":\"x-\\ud83d\"}"),
                    400, "id: holds", "surrogate");
            expect(server.post("/api/v1/interactions", "{\"interactions\":[{\"customer\":\"c\\udbff\",\"item\":\"i1\"}]}"),
                    400, "interactions[0].customer", "surrogate");
            expect(server.post("/api/v1/assignments", "{\"units\":[\"a\",\"b\\ud800\"],\"experiments\":[\"mt\"]}"),
                    400, "units[1]", "surrogate");
            expect(server.post("/api/v1/keys", "{\"label\":\"cut \\ud83d\",\"scopes\":[\"read\"]}"), 400, "label", "surrogate");
            expect(server.put("/api/v1/experiments/mt", DEFINITION.replace("\"unit\"", "\"description\":\"half \\ud83d\",\"unit\"")),
                    400, "description", "surrogate");
        }
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void invalidUtf8IsRefusedInsteadOfMergingDistinctIds(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("d-" + kind), null)) {
            assertThat(server.post("/api/v1/experiments", DEFINITION).status()).isEqualTo(201);
            assertThat(server.post("/api/v1/experiments/mt/start", null).status()).isEqualTo(200);
            // Two distinct raw ids (0xFF and 0xFE) that both decode to U+FFFD.
            for (int bad : new int[] {0xFF, 0xFE}) {
                byte[] body = bytes("{\"events\":[{\"id\":\"raw-", bad, "\",\"type\":\"exposure\",\"experiment\":\"mt\",\"unit\":\"u1\"}]}");
                expect(server.postBytes("/api/v1/events", body), 400, "events[0].id", "U+FFFD");
            }
            expect(server.postBytes("/api/v1/interactions", bytes("{\"customer\":\"c", 0xC3, "\",\"item\":\"i1\"}")),
                    400, "customer: holds", "U+FFFD");
            // In a query parameter: %FF is no UTF-8 either.
            expect(server.get("/api/v1/experiments/mt/assignment?unit=a%FF"), 400, "unit", "U+FFFD");
            expect(server.get("/api/v1/recommendations?experiment=mt&unit=%ED%A0%80"), 400, "unit", "U+FFFD");
            var units = server.get("/api/v1/experiments/mt/results").json().at("/treatments");
            units.forEach(t -> assertThat(t.get("units").asLong()).isZero());
        }
    }

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void timesOutsideTheRangeAreTheCallersErrorOnBothStores(Stores.Kind kind) {
        try (TestServer server = TestServer.start(kind, tmp.resolve("d-" + kind), null)) {
            for (String when : new String[] {"+999999-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                    "+10000-01-01T00:00:00Z"}) {
                var key = server.post("/api/v1/keys", "{\"label\":\"far\",\"scopes\":[\"read\"],\"expiresAt\":\"" + when + "\"}");
                expect(key, 422, "expiresAt", "must lie between 1970-01-01T00:00:00Z and 9999-12-31");
                assertThat(key.header("Retry-After")).isNull();
                expect(server.post("/api/v1/interactions", "{\"customer\":\"c1\",\"item\":\"i1\",\"timestamp\":\"" + when + "\"}"),
                        422, "body.timestamp", "");
            }
            var ok = server.post("/api/v1/keys", "{\"label\":\"far\",\"scopes\":[\"read\"],\"expiresAt\":\"9999-12-31T00:00:00Z\"}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(201);
            var keys = server.get("/api/v1/keys").json().get("keys");
            assertThat(keys).as("only the in-range key was stored").hasSize(2); // the admin key and "far"
        }
    }

    private static byte[] bytes(String before, int bad, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.write(bad);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void expect(TestServer.Response r, int status, String field, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("error").asText()).as(r.body()).contains(field).contains(reason);
    }
}
