package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.json.Json;
import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the router agree: every route described, every description routed;
 * every operation is complete (path parameters declared, a success answer, refs that resolve);
 * and the scope each operation claims is the one the running server enforces.
 */
class OpenApiTest {
    private static final Set<String> SCOPES = Set.of("read", "assign", "admin");
    /** x-scope of calls any signed-in person or any key may make (their own session). */
    private static final String ANY = "any";

    @TempDir
    Path tmp;

    @Test
    void everyRouteIsDescribedAndEveryDescribedRouteExists() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpApi api = new HttpApi(vertx, new HttpApi.Services(null, null, null, null, null, null, null, null, null, null, null, null));
            Set<String> routed = new TreeSet<>();
            List<String> unlisted = new ArrayList<>();
            for (Route route : api.router().getRoutes()) {
                String path = route.getPath();
                if (route.methods() == null || route.methods().isEmpty()) {
                    // Only filters (body, auth, scope) and catch-alls may answer every method: a
                    // concrete API path without methods would be an endpoint this test cannot see.
                    if (path == null || !route.isExactPath()) {
                        continue;
                    }
                    unlisted.add(path);
                    continue;
                }
                if (path == null || !route.isExactPath()) {
                    unlisted.add("a pattern or wildcard route with methods: " + route.methods() + " " + path);
                    continue;
                }
                String template = path.replaceAll(":([A-Za-z]+)", "{$1}");
                route.methods().forEach(m -> routed.add(m.name() + " " + template));
            }
            assertThat(unlisted).as("routes the document cannot describe").isEmpty();
            assertThat(described().keySet()).isEqualTo(routed);
        } finally {
            vertx.close();
        }
    }

    @Test
    void everyOperationIsComplete() throws Exception {
        JsonNode doc = document();
        List<String> problems = new ArrayList<>();
        described().forEach((operation, op) -> {
            String path = operation.substring(operation.indexOf(' ') + 1);
            if (!op.hasNonNull("summary")) {
                problems.add(operation + ": no summary");
            }
            boolean twoHundreds = false;
            for (Iterator<String> codes = op.path("responses").fieldNames(); codes.hasNext(); ) {
                twoHundreds |= codes.next().startsWith("2");
            }
            // An operation may exist only to refuse with guidance (DELETE of an experiment: 405, archive instead).
            if (!twoHundreds && !op.path("responses").has("405")) {
                problems.add(operation + ": no 2xx response");
            }
            Matcher m = Pattern.compile("\\{([A-Za-z]+)}").matcher(path);
            while (m.find()) {
                String name = m.group(1);
                boolean declared = false;
                for (JsonNode p : op.path("parameters")) {
                    declared |= p.path("name").asText().equals(name) && p.path("in").asText().equals("path")
                            && p.path("required").asBoolean();
                }
                if (!declared) {
                    problems.add(operation + ": path parameter {" + name + "} not declared as required in: path");
                }
            }
            for (JsonNode p : op.path("parameters")) {
                if (!p.has("schema")) {
                    problems.add(operation + ": parameter " + p.path("name").asText() + " without a schema");
                }
            }
            if (op.has("requestBody") && !op.path("requestBody").path("content").path("application/json").has("schema")) {
                problems.add(operation + ": a request body without a JSON schema");
            }
            boolean open = op.has("security") && op.get("security").isEmpty();
            if (!open) {
                String scope = op.path("x-scope").asText();
                if (!SCOPES.contains(scope) && !scope.equals(ANY)) {
                    problems.add(operation + ": needs a key but x-scope is not one of " + SCOPES + " or " + ANY);
                }
                if (!op.path("responses").has("401")) {
                    problems.add(operation + ": needs a key or session but does not describe 401");
                }
                if (!scope.equals(ANY) && !op.path("responses").has("403")) {
                    problems.add(operation + ": needs a key but does not describe 401 and 403");
                }
            }
        });
        collectRefs(doc, doc, problems);
        assertThat(problems).isEmpty();
    }

    /** The scope the document claims is the one enforced: a key without it gets 403, and public calls need no key. */
    @Test
    void theDescribedScopesAreTheEnforcedOnes() throws Exception {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("scopes"), null)) {
            Map<String, String> keys = Map.of(
                    "read", key(server, "assign"), "admin", key(server, "read"), "assign", key(server, "read"));
            for (Map.Entry<String, JsonNode> e : described().entrySet()) {
                String method = e.getKey().substring(0, e.getKey().indexOf(' '));
                String path = concrete(e.getKey().substring(method.length() + 1), e.getValue());
                JsonNode op = e.getValue();
                String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
                if (op.has("security") && op.get("security").isEmpty()) {
                    // A public call may still refuse what it is sent ({} is no sign-in), but never for want of a key.
                    assertThat(server.send(method, path, body, null).status()).as(e.getKey() + " without a key")
                            .isNotIn(401, 403);
                } else {
                    String scope = op.get("x-scope").asText();
                    assertThat(server.send(method, path, body, null).status()).as(e.getKey() + " without a key").isEqualTo(401);
                    if (!scope.equals(ANY)) {
                        assertThat(server.send(method, path, body, keys.get(scope)).status())
                                .as(e.getKey() + " with a key lacking " + scope).isEqualTo(403);
                    }
                }
            }
        }
    }

    @Test
    void servedWithoutAKey() {
        try (TestServer server = TestServer.start(Stores.Kind.H2, tmp.resolve("data"), null)) {
            var response = server.send("GET", "/api/v1/openapi.json", null, null);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("openapi").asText()).startsWith("3.");
        }
    }

    private static String key(TestServer server, String scope) {
        return server.post("/api/v1/keys", "{\"label\":\"only " + scope + "\",\"scopes\":[\"" + scope + "\"]}").json().get("key").asText();
    }

    /** A path with each parameter replaced by a value its schema allows (the first of an enum, else a fixed word). */
    private static String concrete(String template, JsonNode op) {
        String path = template;
        for (JsonNode p : op.path("parameters")) {
            if (p.path("in").asText().equals("path")) {
                JsonNode values = p.path("schema").path("enum");
                path = path.replace("{" + p.get("name").asText() + "}", values.isArray() ? values.get(0).asText() : "x1");
            }
        }
        return path;
    }

    private static void collectRefs(JsonNode doc, JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && doc.at(ref.asText().substring(1)).isMissingNode()) {
                problems.add("unresolved " + ref.asText());
            }
            node.elements().forEachRemaining(child -> collectRefs(doc, child, problems));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectRefs(doc, child, problems));
        }
    }

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiTest.class.getResourceAsStream(OpenApiRoute.RESOURCE)) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** "METHOD /path" -> its operation object. */
    private static Map<String, JsonNode> described() throws Exception {
        JsonNode doc = document();
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            doc.get("paths").get(path).fields().forEachRemaining(e -> out.put(e.getKey().toUpperCase() + " " + path, e.getValue()));
        }
        return out;
    }
}
