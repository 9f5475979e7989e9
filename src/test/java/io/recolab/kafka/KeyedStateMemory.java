package io.recolab.kafka;

import io.recolab.events.Event;
import io.recolab.events.EventPrint;
import io.recolab.events.EventType;
import io.recolab.events.ExperimentSnapshot;
import io.recolab.events.Rollup;
import io.recolab.events.UnitTable;
import io.recolab.experiment.MetricSpec;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the keyed state of {@code process --keep rollups} costs in the heap: units exposed and
 * converted once each (KafkaBench's workload: two event ids per unit, UUID ids), decoded from their
 * records as the processor decodes them and put in a {@link PartitionState} as its writer puts
 * them; the heap used after full collections, before and after, divided by the units. Run:
 * {@code JAVA_OPTS=-Xmx4g bash src/test/resources/bench/run.sh io.recolab.kafka.KeyedStateMemory [units]}.
 */
public final class KeyedStateMemory {
    private KeyedStateMemory() {
    }

    public static void main(String[] args) throws Exception {
        int units = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ExperimentSnapshot kb = new ExperimentSnapshot("kb", Map.of("purchase",
                new MetricSpec("purchase", MetricSpec.Type.BINOMIAL, 14)));
        RecordDecoder decoder = new RecordDecoder();
        Instant at = Instant.parse("2026-12-07T10:00:00.123Z");
        long before = usedAfterGc();
        List<PartitionState> keep = new ArrayList<>();
        PartitionState state = new PartitionState(0, 8);
        keep.add(state);
        for (int i = 0; i < units; i++) {
            String unit = "customer-" + i;
            String treatment = i % 2 == 0 ? "C" : "T1";
            Event x = decoder.decode(new EventRecord(new Event(UUID.randomUUID().toString(), EventType.EXPOSURE, kb, unit, at, at,
                    null, 1, treatment, true, List.of()), null).encode()).event();
            Event c = decoder.decode(new EventRecord(new Event(UUID.randomUUID().toString(), EventType.CONVERSION, kb, unit,
                    at.plusSeconds(30), at.plusSeconds(30), "purchase", 1, treatment, true, List.of()), null).encode()).event();
            for (Event e : List.of(x, c)) {
                state.written(e.experimentKey(), e.id(), new PartitionState.Seen(EventPrint.of(e), e.receivedAt().toEpochMilli()));
            }
            state.putUnit(new ShowTable.UnitKey(x.experimentKey(), x.unit()), new UnitTable.Unit(x.unit(), x.treatment(),
                    x.occurredAt(), Map.of("purchase", new Rollup.UnitValue(1, 1)),
                    List.of(new UnitTable.Conversion("purchase", 1, c.occurredAt())), Map.of()));
            if (i % 10_000 == 9_999) {
                state.takeChanges(); // each transaction's changes are written and dropped
            }
        }
        state.takeChanges();
        long after = usedAfterGc();
        System.out.printf("%,d units (2 ids each): %,d bytes of heap, %.0f bytes per unit with its 2 ids%n", units, after - before,
                (after - before) / (double) units);
        System.out.println(keep.size() + " state(s) kept until measured");
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
