package io.recolab.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the API description, public like health so tools can read it
 * before they hold a key. Kept true by {@code OpenApiTest}: every route is described, every
 * described route exists.
 */
final class OpenApiRoute {
    static final String RESOURCE = "/api/openapi.json";
    private final Buffer document;

    OpenApiRoute() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            document = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mount(Router router) {
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json").end(document));
    }
}
