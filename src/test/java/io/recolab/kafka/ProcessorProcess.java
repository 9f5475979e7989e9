package io.recolab.kafka;

import io.recolab.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** {@code recolab process} as a separate JVM, for kill -9; ready once its metrics endpoint answers. */
final class ProcessorProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    private final int metricsPort;

    private ProcessorProcess(Process process, int metricsPort) {
        this.process = process;
        this.metricsPort = metricsPort;
    }

    static ProcessorProcess start(KafkaTarget target, String jdbcUrl, String group, Path log) throws Exception {
        return start(target, jdbcUrl, group, log, Processor.Keep.EVENTS);
    }

    static ProcessorProcess start(KafkaTarget target, String jdbcUrl, String group, Path log, Processor.Keep keep)
            throws Exception {
        int port = ServerProcess.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "io.recolab.cli.Main", "process", "--kafka", "kafka:" + target.bootstrap(), "--topic", target.topic(),
                "--db", jdbcUrl, "--group", group, "--session-timeout", "6", "--max-poll-records", "500",
                "--metrics-port", Integer.toString(port), "--keep", keep.name().toLowerCase(Locale.ROOT)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ProcessorProcess processor = new ProcessorProcess(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos(); // a JVM start on a loaded CI machine
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("processor exited: " + Files.readString(log));
            }
            try {
                processor.metrics();
                return processor;
            } catch (Exception e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("processor did not start: " + Files.readString(log));
    }

    String metrics() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
