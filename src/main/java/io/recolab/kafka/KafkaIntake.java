package io.recolab.kafka;

import io.recolab.domain.DomainError;
import io.recolab.events.Event;
import io.recolab.events.EventSink;
import io.recolab.events.Receipt;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events into the topic instead of the store: the idempotent producer with {@code acks=all}, so a
 * batch is acknowledged only once every in-sync replica has it, and a producer retry after a lost
 * answer is written once (Kafka's sequence numbers). Keyed by (experiment, unit). Whether an id was
 * seen before is the processor's business: the receipt counts every event accepted, none duplicate.
 */
public final class KafkaIntake implements EventSink, MeterBinder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIntake.class);
    /** Longer than any broker failover, shorter than the server's 30 s request timeout: the caller gets a 503, not a timeout. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    /** Records waiting for the sender thread, at most this many: beyond, a batch is refused at once (503). */
    static final int MAX_QUEUED_RECORDS = 50_000;
    /** A batch that waited this long for the sender thread is refused without a send (its caller retries). */
    static final long MAX_QUEUE_WAIT_NANOS = 2_000_000_000L;
    private final java.util.concurrent.Semaphore room = new java.util.concurrent.Semaphore(MAX_QUEUED_RECORDS);
    /** Hands records to the producer: send() may block (metadata, buffer), which an event loop must not. */
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recolab-kafka-intake");
        t.setDaemon(true);
        return t;
    });

    public KafkaIntake(KafkaTarget target) {
        this(producer(target), target.topic());
    }

    /** The producer, or one line saying why not ("Failed to construct kafka producer" names no cause). */
    private static Producer<byte[], byte[]> producer(KafkaTarget target) {
        try {
            return new KafkaProducer<>(config(target), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalArgumentException("--events " + target.bootstrap() + ": " + KafkaTarget.cause(e), e);
        }
    }

    KafkaIntake(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    static Properties config(KafkaTarget target) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Requests from many HTTP calls share a produce request; 5 ms is small against a client's wait.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(DELIVERY_TIMEOUT.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        // send() may wait this long for metadata or buffer room, no longer (on the intake's own thread, see send).
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "recolab-intake");
        return p;
    }

    /**
     * The producer's own client metrics and this intake's: acknowledged events (a counter) and events
     * handed to the producer but not acknowledged yet (a gauge).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        new KafkaClientMetrics(producer).bindTo(registry);
        FunctionCounter.builder("recolab_kafka_acknowledged_events", this, KafkaIntake::acknowledged)
                .description("Events Kafka acknowledged").register(registry);
        Gauge.builder("recolab_kafka_pending_events", this, KafkaIntake::pending)
                .description("Events accepted for the topic (queued for the producer or handed to it), not acknowledged yet").register(registry);
    }

    /** Events Kafka acknowledged since start. */
    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public CompletableFuture<Receipt> submit(List<Event> events) {
        return send(events.stream().map(e -> new EventRecord(e, null)).toList());
    }

    /** The producer batches by itself (linger), so a deferred batch is sent as any other. */
    @Override
    public CompletableFuture<Receipt> submitDeferred(List<Event> events) {
        return submit(events);
    }

    /**
     * Completes when Kafka acknowledged every record (acks=all); fails with unavailable (503) otherwise.
     * The records are handed to the producer on the intake's own thread, never on the caller's (an HTTP
     * event loop): without metadata for the topic (broker away, rebootstrapped) {@code send} waits up to
     * max.block.ms per record. One thread keeps the order in which records were submitted.
     */
    public CompletableFuture<Receipt> send(List<EventRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(new Receipt(0, 0));
        }
        // Bounded: with the broker away each queued batch costs the sender thread max.block.ms, so an
        // unbounded queue grows without limit (deferred recommendation exposures never stop coming).
        if (!room.tryAcquire(records.size())) {
            return CompletableFuture.failedFuture(DomainError.unavailable("the event stream is behind ("
                    + (MAX_QUEUED_RECORDS - room.availablePermits()) + " records queued); retry shortly"));
        }
        CompletableFuture<Receipt> done = new CompletableFuture<>();
        pending.addAndGet(records.size());
        long queuedAt = System.nanoTime();
        try {
            sender.execute(() -> {
                room.release(records.size());
                hand(records, done, queuedAt);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            room.release(records.size());
            pending.addAndGet(-records.size());
            done.completeExceptionally(DomainError.unavailable("the event stream is stopping; retry"));
        }
        return done;
    }

    private void hand(List<EventRecord> records, CompletableFuture<Receipt> done, long queuedAt) {
        if (System.nanoTime() - queuedAt > MAX_QUEUE_WAIT_NANOS) {
            // Behind a broker that is away: sending now would hold every later batch another max.block.ms.
            pending.addAndGet(-records.size());
            done.completeExceptionally(DomainError.unavailable("the event stream is not answering; retry"));
            return;
        }
        AtomicInteger left = new AtomicInteger(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (done.isDone()) {
                pending.addAndGet(-(records.size() - i));
                break;
            }
            try {
                EventRecord r = records.get(i);
                producer.send(new ProducerRecord<>(topic, r.key(), r.encode()), (metadata, failure) -> {
                    pending.decrementAndGet();
                    if (failure != null) {
                        done.completeExceptionally(DomainError.unavailable("the event stream did not acknowledge the batch ("
                                + failure.getMessage() + "); retry"));
                    } else if (left.decrementAndGet() == 0) {
                        acknowledged.addAndGet(records.size());
                        done.complete(new Receipt(records.size(), 0));
                    }
                });
            } catch (RuntimeException e) {
                pending.addAndGet(-(records.size() - i));
                LOG.warn("cannot hand a record to the producer: {}", e.getMessage());
                done.completeExceptionally(DomainError.unavailable("the event stream is unavailable (" + e.getMessage() + "); retry"));
                break;
            }
        }
    }

    /** Records handed to the producer and not acknowledged yet. */
    public int pending() {
        return Math.max(0, pending.get());
    }

    /** Sends what is buffered and waits for the answers (a graceful stop loses nothing acknowledged or pending). */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(DELIVERY_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(DELIVERY_TIMEOUT);
    }
}
