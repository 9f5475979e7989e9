package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request timeout on a real vert.x server: a silent handler gets 503, a streaming one is left alone. */
class RequestTimeoutTest {
    Vertx vertx;
    int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(RequestTimeout.after(300));
        router.get("/silent").handler(ctx -> { }); // never answers
        router.get("/streaming").handler(ctx -> {
            ctx.response().setChunked(true).putHeader("content-type", "text/plain").write("started;");
            ctx.vertx().setTimer(800, id -> ctx.response().end("done"));
        });
        router.route().failureHandler(ErrorRendering::handle);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anUnansweredRequestGets503WithRetryAfter() {
        long t0 = System.nanoTime();
        HttpResponse<String> r = Raw.send("http://127.0.0.1:" + port + "/silent", "GET", null, null);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Json.parse(r.body()).get("error").asText()).isEqualTo("the request took longer than 300 ms; retry later");
    }

    @Test
    void anAnswerAlreadyStreamingIsNotCutOff() {
        HttpResponse<String> r = Raw.send("http://127.0.0.1:" + port + "/streaming", "GET", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("started;done");
    }
}
