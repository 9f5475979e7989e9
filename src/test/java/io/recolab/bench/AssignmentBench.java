package io.recolab.bench;

import io.recolab.assign.Allocation;
import io.recolab.assign.Assigner;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.Status;
import io.recolab.experiment.Treatment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process assignment throughput on one thread (issue target: 5 million per second per core).
 * {@code raw}: the pure function; {@code service}: through the catalog, building the answer record;
 * {@code targeted}: the same with a targeting condition (two attributes, one in a list of three) that
 * takes the unit, so the condition is evaluated and the unit hashed (issue 23: >= 0.8x service);
 * {@code layered}: an experiment holding the whole of a layer (every unit hashed twice: layer and
 * experiment); {@code layeredTargeted}: the layer and the targeting together.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class AssignmentBench {
    private static final int IDS = 1 << 16;
    private final String[] units = new String[IDS];
    private Allocation allocation;
    private Assignments assignments;
    private int next;
    private io.recolab.assign.Plan plainPlan;
    private io.recolab.assign.Plan layeredPlan;
    /**
     * A HashMap, as the server builds a call's attributes (AttributeParams, Attributes.fromJson): Map.of's
     * table probes with a division per lookup and cost a targeted call a sixth of its time here.
     */
    private final Map<String, Object> attributes = new java.util.HashMap<>(Map.of("country", "DE", "device", "mobile", "age", "34"));

    @Setup
    public void setup() {
        for (int i = 0; i < IDS; i++) {
            units[i] = "customer-" + (i * 7919L);
        }
        ExperimentDefinition d = new ExperimentDefinition("homepage-recs", "", null, 100, List.of(
                new Treatment("C", 25, "item-to-item"), new Treatment("T1", 25, "bestseller"),
                new Treatment("T2", 25, "user-based"), new Treatment("T3", 25, "autoencoder")), null, null);
        allocation = d.allocation();
        Catalog catalog = new Catalog();
        catalog.put(new Experiment(d, Status.RUNNING, Instant.EPOCH, Instant.EPOCH, 1, Instant.EPOCH));
        ExperimentDefinition targeted = DefinitionJson.parse(DefinitionJson.write(d).replace("\"homepage-recs\"",
                "\"targeted-recs\"").replaceFirst("}$", ",\"targeting\":{\"country\":{\"in\":[\"AT\",\"CH\",\"DE\"]},"
                + "\"device\":{\"eq\":\"mobile\"}}}"));
        catalog.put(new Experiment(targeted, Status.RUNNING, Instant.EPOCH, Instant.EPOCH, 1, Instant.EPOCH));
        String layer = ",\"layer\":{\"name\":\"home-row\",\"buckets\":[0,10000]}}";
        catalog.put(new Experiment(DefinitionJson.parse(DefinitionJson.write(d).replace("\"homepage-recs\"",
                "\"layered-recs\"").replaceFirst("}$", layer)), Status.RUNNING, Instant.EPOCH, Instant.EPOCH, 1, Instant.EPOCH));
        catalog.put(new Experiment(DefinitionJson.parse(DefinitionJson.write(targeted).replace("\"targeted-recs\"",
                "\"layered-targeted\"").replaceFirst("}$", layer)), Status.RUNNING, Instant.EPOCH, Instant.EPOCH, 1, Instant.EPOCH));
        assignments = new Assignments(catalog);
        plainPlan = catalog.get("homepage-recs").orElseThrow().plan();
        layeredPlan = catalog.get("layered-recs").orElseThrow().plan();
        if (!assignments.assign("layered-targeted", units[0], attributes).inExperiment()) {
            throw new IllegalStateException("the layered variants must measure units the layer and targeting take");
        }
        if (!assignments.assign("targeted-recs", units[0], attributes).inExperiment()) {
            throw new IllegalStateException("the targeted variant must measure a unit the targeting takes");
        }
    }

    @Benchmark
    public long raw() {
        return Assigner.assign(allocation, units[next++ & (IDS - 1)]);
    }

    @Benchmark
    public Object service() {
        return assignments.assign("homepage-recs", units[next++ & (IDS - 1)]);
    }

    @Benchmark
    public Object layered() {
        return assignments.assign("layered-recs", units[next++ & (IDS - 1)], attributes);
    }

    @Benchmark
    public Object layeredTargeted() {
        return assignments.assign("layered-targeted", units[next++ & (IDS - 1)], attributes);
    }

    @Benchmark
    public Object targeted() {
        return assignments.assign("targeted-recs", units[next++ & (IDS - 1)], attributes);
    }

    /** The plan's decision alone (no catalog, no unit check, no answer object): where a layer's cost lies. */
    @Benchmark
    public long planPlain() {
        return plainPlan.decide(units[next++ & (IDS - 1)], true, null);
    }

    @Benchmark
    public long planLayered() {
        return layeredPlan.decide(units[next++ & (IDS - 1)], true, null);
    }
}
