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
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the router agree: every route described, every description routed. */
class OpenApiTest {
    @TempDir
    Path tmp;

    @Test
    void everyRouteIsDescribedAndEveryDescribedRouteExists() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpApi api = new HttpApi(vertx, new HttpApi.Services(null, null, null, null, null, null, null, null, null, null, null));
            Set<String> routed = new TreeSet<>();
            for (Route route : api.router().getRoutes()) {
                if (route.methods() == null || route.methods().isEmpty() || route.getPath() == null) {
                    continue; // body, auth, static and catch-all handlers
                }
                String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
                route.methods().forEach(m -> routed.add(m.name() + " " + path));
            }
            assertThat(described()).isEqualTo(routed);
        } finally {
            vertx.close();
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

    private static Set<String> described() throws Exception {
        JsonNode doc;
        try (InputStream in = OpenApiTest.class.getResourceAsStream(OpenApiRoute.RESOURCE)) {
            doc = Json.MAPPER.readTree(in);
        }
        Set<String> out = new TreeSet<>();
        for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            doc.get("paths").get(path).fieldNames().forEachRemaining(method -> out.add(method.toUpperCase() + " " + path));
        }
        return out;
    }
}
