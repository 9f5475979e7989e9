package io.recolab.kafka;

import io.recolab.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for the tests: {@code kafka.Kafka} (the kafka_2.13 artifact, a test
 * dependency) started as a child JVM from the test classpath, in KRaft combined mode (one node that
 * is broker and controller), its log in a temporary directory, on random ports. Nothing is
 * downloaded and no Docker is needed. One broker serves the whole test run ({@link #shared()});
 * a child process is what lets a test kill -9 it and start it again on the same log.
 */
public final class KafkaBroker implements AutoCloseable {
    private static KafkaBroker shared;

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Path log;
    private Process process;

    private KafkaBroker(Path dir) throws IOException {
        this.dir = dir;
        int[] ports = ServerProcess.freePorts(2); // distinct: the broker refuses two listeners on one port
        this.port = ports[0];
        this.controllerPort = ports[1];
        this.log = dir.resolve("broker.log");
    }

    /** The run's broker, started on first use and stopped when the test JVM ends. */
    public static synchronized KafkaBroker shared() throws Exception {
        if (shared == null) {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("recolab-kafka-"));
            broker.format();
            broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
            shared = broker;
        }
        return shared;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public KafkaTarget target(String topic) {
        return KafkaTarget.parse("kafka:" + bootstrap(), topic);
    }

    private Path properties() throws IOException {
        Path file = dir.resolve("server.properties");
        String text = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "group.min.session.timeout.ms=2000",
                "auto.create.topics.enable=false",
                "") ;
        Files.writeString(file, text);
        return file;
    }

    private List<String> java(String mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private void format() throws Exception {
        Process p = new ProcessBuilder(java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", properties().toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("kafka storage format failed: " + Files.readString(log));
        }
    }

    /** Starts the broker on its log directory (again, after {@link #kill()}) and waits until it answers. */
    public synchronized void start() throws Exception {
        process = new ProcessBuilder(java("kafka.Kafka", dir.resolve("server.properties").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitListening(Duration.ofSeconds(120));
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("kafka broker exited: " + tail());
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("kafka broker did not start within 120 s: " + tail(), e);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** The port accepts connections: before that, an admin client only logs a warning per attempt. */
    private void awaitListening(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka broker exited: " + tail());
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("kafka broker did not listen within " + limit.toSeconds() + " s: " + tail());
    }

    /** SIGKILL: the broker loses what was not yet in its log files' page cache (nothing, on one machine). */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Creates a topic with this many partitions (replication 1: one broker). */
    public KafkaTarget createTopic(String topic, int partitions) {
        KafkaTarget target = target(topic);
        Topics.ensure(target, partitions, (short) 1, Duration.ofDays(7).toMillis());
        return target;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
