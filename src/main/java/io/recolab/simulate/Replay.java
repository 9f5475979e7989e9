package io.recolab.simulate;

import io.recolab.assign.Allocation;
import io.recolab.assign.Assigner;
import io.recolab.data.Csr;
import io.recolab.data.Interactions;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.MetricSpec;
import io.recolab.experiment.Treatment;
import io.recolab.recommend.Ranked;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.Recommender;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A replayed A/B test on a log, through the platform's own assignment: every customer active in the replay period
 * [from, to) visits at their first interaction in it, is assigned by the experiment's hash (its salt, weights and
 * exposure percentage, exactly as the server assigns), is shown the top {@code shown} items of their treatment's
 * recommender trained on the data before {@code from} (owned items excluded, the bestseller fallback for customers
 * without history), and an exposure is logged at that visit. A conversion of a metric is logged when the customer
 * consumes one of the shown items in [visit, visit + windowDays) (the platform's attribution window): for a
 * binomial metric once, at the first such interaction; for a mean metric once per shown item consumed (value 1,
 * so the unit's value is the number of shown items it took). Interactions at the visit's own timestamp count:
 * the recommendations are shown as the visit starts. Units outside the exposure percentage get an exposure
 * outside the experiment and no conversions (the analysis ignores them, as the server's does).
 *
 * <p>Pure: no clock, no randomness beyond the assignment hash; the same inputs give the same events.
 */
public final class Replay {
    static final int BATCH = 2_000;

    private final ExperimentDefinition definition;
    private final Interactions log;
    private final Function<String, Recommender> recommenders;
    private final int shown;

    public Replay(ExperimentDefinition definition, Interactions log, Function<String, Recommender> recommenders,
                  int shown) {
        if (shown < 1) {
            throw new IllegalArgumentException("shown items must be >= 1, got " + shown);
        }
        this.definition = definition;
        this.log = log;
        this.recommenders = recommenders;
        this.shown = shown;
    }

    /** Progress hooks: training each distinct recommender, then the share of visitors replayed. */
    public interface Listener {
        default void training(String recommender, int index, int of) {
        }

        default void replayed(int done, int of) {
        }
    }

    /** What the replay did, for the report. */
    public record Summary(Instant from, Instant to, int visitors, int inExperiment, int withoutHistory,
                          long exposures, long conversions, Map<String, Double> trainSeconds) {
    }

    public Summary run(long from, long to, ReplaySink sink, Listener listener) {
        if (to <= from) {
            throw new IllegalArgumentException("the replay period must not be empty: from " + from + ", to " + to);
        }
        Interactions training = log.before(from);
        Map<String, Recommendations> trained = new LinkedHashMap<>();
        Map<String, Double> trainSeconds = new LinkedHashMap<>();
        List<String> names = definition.treatments().stream().map(Treatment::recommender).distinct().toList();
        for (int i = 0; i < names.size(); i++) {
            listener.training(names.get(i), i, names.size());
            long start = System.nanoTime();
            trained.put(names.get(i), Recommendations.train(recommenders.apply(names.get(i)), training));
            trainSeconds.put(names.get(i), (System.nanoTime() - start) / 1e9);
        }
        int[] visitors = visitors(from, to);
        Allocation allocation = definition.allocation();
        Csr byCustomer = log.byCustomer();
        var owned = training.customerItems();
        List<ReplayEvent> batch = new ArrayList<>(BATCH);
        long exposures = 0;
        long conversions = 0;
        int in = 0;
        int cold = 0;
        String prefix = "sim-" + from + "-";
        for (int v = 0; v < visitors.length; v++) {
            int customer = visitors[v];
            String unit = log.customers().id(customer);
            int first = firstPositionAtOrAfter(byCustomer, customer, from);
            long visit = log.time(byCustomer.values()[first]);
            long packed = Assigner.assign(allocation, unit);
            int treatment = Assigner.treatmentOf(packed);
            boolean inExperiment = Assigner.inExperiment(packed);
            batch.add(new ReplayEvent(prefix + unit + "-exposure", ReplayEvent.Type.EXPOSURE, unit, treatment,
                    inExperiment, null, 0, Instant.ofEpochSecond(visit)));
            exposures++;
            if (owned.size(customer) == 0) {
                cold++;
            }
            if (inExperiment) {
                in++;
                Ranked shownItems = trained.get(definition.treatments().get(treatment).recommender()).top(customer, shown);
                for (MetricSpec metric : definition.metrics()) {
                    List<ReplayEvent> converted = conversions(prefix, unit, treatment, metric, shownItems.items(),
                            byCustomer, customer, first, visit);
                    batch.addAll(converted);
                    conversions += converted.size();
                }
            }
            if (batch.size() >= BATCH) {
                sink.accept(List.copyOf(batch));
                batch.clear();
            }
            if ((v + 1) % 500 == 0 || v + 1 == visitors.length) {
                listener.replayed(v + 1, visitors.length);
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(List.copyOf(batch));
        }
        sink.finish();
        return new Summary(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), visitors.length, in, cold, exposures,
                conversions, trainSeconds);
    }

    private List<ReplayEvent> conversions(String prefix, String unit, int treatment, MetricSpec metric, int[] items,
                                          Csr byCustomer, int customer, int first, long visit) {
        long end = visit + metric.windowDays() * 86_400L;
        int[] sortedShown = items.clone();
        Arrays.sort(sortedShown);
        List<ReplayEvent> out = new ArrayList<>();
        Map<Integer, Boolean> seen = new HashMap<>();
        int[] positions = byCustomer.values();
        for (int j = first; j < byCustomer.end(customer); j++) {
            int p = positions[j];
            if (log.time(p) >= end) {
                break;
            }
            int item = log.item(p);
            if (Arrays.binarySearch(sortedShown, item) < 0 || seen.putIfAbsent(item, true) != null) {
                continue;
            }
            Instant at = Instant.ofEpochSecond(log.time(p));
            if (metric.type() == MetricSpec.Type.BINOMIAL) {
                out.add(new ReplayEvent(prefix + unit + "-" + metric.name(), ReplayEvent.Type.CONVERSION, unit,
                        treatment, true, metric.name(), 1, at));
                break;
            }
            out.add(new ReplayEvent(prefix + unit + "-" + metric.name() + "-" + log.items().id(item),
                    ReplayEvent.Type.CONVERSION, unit, treatment, true, metric.name(), 1, at));
        }
        return out;
    }

    /** Customers with an interaction in [from, to), by their first such time, then by customer index. */
    private int[] visitors(long from, long to) {
        int start = log.positionOf(from);
        int end = log.positionOf(to);
        boolean[] seen = new boolean[log.customerCount()];
        int[] out = new int[end - start];
        int n = 0;
        for (int p = start; p < end; p++) { // positions are in time order, so first seen = first visit
            int c = log.customer(p);
            if (!seen[c]) {
                seen[c] = true;
                out[n++] = c;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The index into byCustomer.values() of the customer's first interaction at or after {@code t}. */
    private int firstPositionAtOrAfter(Csr byCustomer, int customer, long t) {
        int low = byCustomer.start(customer);
        int high = byCustomer.end(customer);
        int[] positions = byCustomer.values();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (log.time(positions[mid]) < t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
