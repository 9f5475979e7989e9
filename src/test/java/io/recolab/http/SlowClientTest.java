package io.recolab.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.recolab.testing.Stores;
import io.recolab.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and numerous clients cannot exhaust the server: slow-loris sockets (headers a byte at a
 * time, each byte resetting any idle timer) are dropped after the idle timeout while other
 * callers are answered at once, and connections beyond the limit are closed as they arrive.
 */
class SlowClientTest {
    static final Duration IDLE = Duration.ofMillis(1500);

    @TempDir
    Path tmp;

    @Test
    void slowLorisSocketsAreDroppedWhileOthersAreServed() throws Exception {
        ServerOptions options = ServerOptions.DEFAULTS.withRateLimit(0, 1).withConnections(1000, Duration.ofSeconds(30), IDLE);
        try (TestServer server = TestServer.protectedBy(options, Stores.Kind.H2, tmp.resolve("data"), null)) {
            int port = server.app().port();
            byte[] request = ("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            AtomicInteger dropped = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            List<Thread> lorises = new ArrayList<>();
            long started = System.nanoTime();
            long[] droppedAfter = new long[20];
            for (int i = 0; i < 20; i++) {
                int index = i;
                Thread t = new Thread(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        OutputStream out = s.getOutputStream();
                        // One byte every 100 ms: the whole request would take 25 s.
                        for (byte b : request) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(100);
                            if (closedByServer(s)) {
                                break;
                            }
                        }
                        if (closedByServer(s)) {
                            droppedAfter[index] = System.nanoTime() - started;
                            dropped.incrementAndGet();
                        } else {
                            answered.incrementAndGet();
                        }
                    } catch (IOException e) {
                        droppedAfter[index] = System.nanoTime() - started;
                        dropped.incrementAndGet(); // reset by the server while writing
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "slow-loris-" + i);
                t.start();
                lorises.add(t);
            }
            // Meanwhile everybody else is answered promptly.
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                var r = server.send("GET", "/api/v1/health", null, null);
                assertThat(r.status()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
                Thread.sleep(100);
            }
            for (Thread t : lorises) {
                t.join(30_000);
            }
            assertThat(answered).as("slow requests answered").hasValue(0);
            assertThat(dropped).as("slow sockets dropped").hasValue(20);
            for (long nanos : droppedAfter) {
                assertThat(Duration.ofNanos(nanos)).isBetween(IDLE.minusMillis(100), IDLE.plusSeconds(3));
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
        ServerOptions options = ServerOptions.DEFAULTS.withRateLimit(0, 1).withConnections(4, Duration.ofSeconds(30),
                Duration.ofSeconds(20));
        try (TestServer server = TestServer.protectedBy(options, Stores.Kind.H2, tmp.resolve("data"), null)) {
            int port = server.app().port();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(new Socket("127.0.0.1", port));
                }
                Thread.sleep(300); // let the server count them
                try (Socket extra = new Socket("127.0.0.1", port)) {
                    extra.setSoTimeout(5_000);
                    long t0 = System.nanoTime();
                    assertThat(closedWithin(extra)).as("the fifth connection is closed").isTrue();
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            // Once the held ones are gone, calls go through again.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                try {
                    status = server.send("GET", "/api/v1/health", null, null).status();
                } catch (RuntimeException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(status).isEqualTo(200);
        }
    }

    /** True if the server has closed the socket (reads end of stream without blocking long). */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(1);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static boolean closedWithin(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
