package io.recolab.recommend.tuning;

import io.recolab.data.Interactions;
import io.recolab.data.Targets;
import io.recolab.recommend.Ranked;
import io.recolab.recommend.Recommendations;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;
import io.recolab.recommend.bestseller.Bestseller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Chooses a recommender's settings without peeking at the evaluation: every candidate is trained on the
 * training log before its last window and scored by hit@k on what customers first consumed in that
 * window, the same protocol as the evaluation (CONTRACT section 3) moved inside the training period. The
 * caller then refits the best candidate on the whole training log. Deterministic: ties go to the earlier
 * candidate, so list candidates from the most to the least conservative.
 */
public record TemporalValidation(Duration window, int k) {
    public static final TemporalValidation DEFAULT = new TemporalValidation(Duration.ofDays(14), 6);

    /** Below this many validation customers a choice would be noise: the first candidate is kept. */
    public static final int MIN_CUSTOMERS = 20;

    public TemporalValidation {
        if (window.isNegative() || window.isZero() || k < 1) {
            throw new IllegalArgumentException("validation needs a positive window and k >= 1");
        }
    }

    /** One candidate's validation score. */
    public record Score<C>(C candidate, double hitRate) {
    }

    /** The chosen candidate, every candidate's score, and how many customers the choice rests on. */
    public record Choice<C>(C chosen, List<Score<C>> scores, int customers) {
        /** e.g. {@code lambda=200 (hit@6 on 312 validation customers: 100=0.211, 200=0.224, ...)}. */
        public String describe(String name, Function<C, String> label) {
            if (scores.isEmpty()) {
                return name + "=" + label.apply(chosen) + " (default: too little data to validate)";
            }
            StringBuilder s = new StringBuilder(name).append('=').append(label.apply(chosen))
                    .append(" (hit@k on ").append(customers).append(" validation customers:");
            for (Score<C> score : scores) {
                s.append(' ').append(label.apply(score.candidate())).append('=')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", score.hitRate()));
            }
            return s.append(')').toString();
        }
    }

    /**
     * Scores each candidate (built by {@code build}) on the last window of {@code training}; with fewer than
     * {@link #MIN_CUSTOMERS} validation customers, or a single candidate, returns the first unscored.
     */
    public <C> Choice<C> choose(Interactions training, List<C> candidates, Function<C, Recommender> build) {
        return chooseModels(training, candidates, fit -> candidate -> build.apply(candidate).train(fit));
    }

    /**
     * As {@link #choose}, for candidates that share work: {@code fitAll} is called once with the log before the
     * validation window and returns each candidate's model, so a grid can be built from one similarity table or
     * one Gram matrix instead of one per candidate.
     */
    public <C> Choice<C> chooseModels(Interactions training, List<C> candidates,
                                      Function<Interactions, Function<C, TrainedModel>> fitAll) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to choose from");
        }
        long split = split(training);
        Interactions fit = training.before(split);
        Targets targets = targets(training);
        if (candidates.size() == 1 || targets.size() < MIN_CUSTOMERS || fit.size() == 0) {
            return new Choice<>(candidates.get(0), List.of(), targets.size());
        }
        Function<C, TrainedModel> models = fitAll.apply(fit);
        int[] fallback = Bestseller.ranking(fit, Bestseller.DEFAULT_WINDOW);
        List<Score<C>> scores = new ArrayList<>();
        Score<C> best = null;
        for (C candidate : candidates) {
            Recommendations recommendations = new Recommendations(models.apply(candidate), fit, fallback);
            Score<C> score = new Score<>(candidate, hitRate(recommendations, targets));
            scores.add(score);
            if (best == null || score.hitRate() > best.hitRate()) {
                best = score;
            }
        }
        return new Choice<>(best.candidate(), List.copyOf(scores), targets.size());
    }

    /** Where validation starts: the training log's horizon minus the window. */
    public long split(Interactions training) {
        return training.horizon() - window.toSeconds();
    }

    /** The validation targets: customers with history before {@link #split} and their new items in the window. */
    public Targets targets(Interactions training) {
        return Targets.of(training, split(training), window.toSeconds(), false);
    }

    /** Share of the targets' customers with at least one of their new items in the top k. */
    public double hitRate(Recommendations recommendations, Targets targets) {
        int hits = 0;
        for (int i = 0; i < targets.size(); i++) {
            Ranked top = recommendations.top(targets.customers()[i], k);
            int[] wanted = targets.newItemsOf(i); // sorted
            for (int item : top.items()) {
                if (java.util.Arrays.binarySearch(wanted, item) >= 0) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / targets.size();
    }
}
