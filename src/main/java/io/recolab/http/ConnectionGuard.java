package io.recolab.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps many or slow clients from exhausting the server. Connections beyond the limit are closed
 * as they arrive. A connection with no request in progress must complete one's headers within the
 * idle timeout, or it is closed: vert.x's own idle timeout is reset by every byte, so a client
 * trickling its headers a byte at a time (slow loris) would otherwise hold its socket forever.
 */
final class ConnectionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private final AtomicInteger open = new AtomicInteger();
    private final int maxConnections;
    private final long headerTimeoutMillis;

    ConnectionGuard(int maxConnections, long headerTimeoutMillis) {
        this.maxConnections = maxConnections;
        this.headerTimeoutMillis = headerTimeoutMillis;
    }

    /** Installs the guard on one server instance (one event loop); all instances share the count. */
    void attach(Vertx vertx, HttpServer server, Handler<HttpServerRequest> next) {
        // Touched only on this server's event loop, so a plain map is enough.
        Map<HttpConnection, Watch> watches = new IdentityHashMap<>();
        server.connectionHandler(conn -> {
            int now = open.incrementAndGet();
            Watch watch = new Watch();
            watches.put(conn, watch);
            conn.closeHandler(v -> {
                open.decrementAndGet();
                Watch w = watches.remove(conn);
                if (w != null) {
                    vertx.cancelTimer(w.timer);
                }
            });
            if (now > maxConnections) {
                LOG.warn("closing a connection from {}: {} open, the limit is {}", conn.remoteAddress(), now, maxConnections);
                conn.close();
                return;
            }
            watch.arm(vertx, conn);
        });
        server.requestHandler(request -> {
            Watch watch = watches.get(request.connection());
            if (watch != null) {
                watch.started(vertx);
                boolean[] counted = {false};
                Handler<Void> finished = v -> {
                    if (!counted[0]) { // end and close may both fire for one response
                        counted[0] = true;
                        watch.finished(vertx, request.connection());
                    }
                };
                request.response().endHandler(finished);
                request.response().closeHandler(finished);
            }
            next.handle(request);
        });
    }

    /** Requests in progress on one connection, and the timer that runs while there are none. */
    private final class Watch {
        int inFlight;
        long timer = -1;

        void arm(Vertx vertx, HttpConnection conn) {
            timer = vertx.setTimer(headerTimeoutMillis, id -> {
                if (inFlight == 0) {
                    conn.close();
                }
            });
        }

        void started(Vertx vertx) {
            inFlight++;
            vertx.cancelTimer(timer);
        }

        void finished(Vertx vertx, HttpConnection conn) {
            if (inFlight > 0 && --inFlight == 0) {
                arm(vertx, conn);
            }
        }
    }
}
