package io.recolab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code recolab serve} as a separate JVM on the H2 file store, for what only a real process shows:
 * kill -9 ({@link Process#destroyForcibly()}) and SIGTERM ({@link Process#destroy()}, the shutdown hook).
 */
public final class ServerProcess implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final String key;

    private ServerProcess(Process process, int port, String key) {
        this.process = process;
        this.port = port;
        this.key = key;
    }

    /** Starts a server and returns once it answers its health check; its output is appended to {@code log}. */
    public static ServerProcess start(String key, Path data, Path experiments, int port, Path log, String... options)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.recolab.cli.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", data.toString(), "--experiments", experiments.toString()));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("RECOLAB_ADMIN_KEY", key);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        ServerProcess server = new ServerProcess(p, port, key);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos(); // a JVM start on a loaded CI machine
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(log));
            }
            try {
                server.call("GET", "/api/v1/health", null, 200);
                return server;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("server did not start: " + Files.readString(log));
    }

    public Process process() {
        return process;
    }

    /** The body of the answer; fails unless its status is {@code expected}. */
    public String call(String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, the graceful stop, and waits for the process to end; true if it exited on its own. */
    public boolean terminate() throws InterruptedException {
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor();
        return false;
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }

    public static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** n distinct free ports: the sockets are held open together, so the system cannot hand out one twice. */
    public static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
