package io.recolab.interleave;

import io.recolab.domain.DomainError;
import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.ExperimentDefinition;
import io.recolab.experiment.Treatment;
import io.recolab.recommend.Ranked;
import io.recolab.serving.Interaction;
import io.recolab.serving.InteractionService;
import io.recolab.serving.LiveHistory;
import io.recolab.serving.Model;
import io.recolab.serving.ModelService;
import io.recolab.serving.Recommended;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Interleaving experiments on the server (issue 24): the team-draft list a unit is shown, the record of which
 * side showed each item, the credit its interactions give each side, and the results. A/B experiments never
 * come here.
 */
public final class Interleaving implements InteractionService.Listener {
    private final Catalog catalog;
    private final ModelService models;
    private final LiveHistory history;
    private final InterleavingStore store;
    private final java.util.function.BiConsumer<Catalog.Entry, Assignment> observer;
    private final Clock clock;

    public Interleaving(Catalog catalog, ModelService models, LiveHistory history, InterleavingStore store, Clock clock) {
        this(catalog, models, history, store, clock, (entry, answer) -> { });
    }

    /** @param observer told of every answer, as for A/B recommendations (holdouts record their units from it) */
    public Interleaving(Catalog catalog, ModelService models, LiveHistory history, InterleavingStore store, Clock clock,
                        java.util.function.BiConsumer<Catalog.Entry, Assignment> observer) {
        this.catalog = catalog;
        this.models = models;
        this.history = history;
        this.store = store;
        this.clock = clock;
        this.observer = observer;
    }

    /** Whether the experiment exists and is an interleaving one. */
    public boolean handles(String experimentKey) {
        return catalog.get(experimentKey).map(e -> e.definition().isInterleaving()).orElse(false);
    }

    /**
     * One shown item and the side (and recommender) that contributed it; side null outside the experiment.
     *
     * @param neutral both sides' lists held it and the definition makes such items credit nobody
     */
    public record Shown(String item, Side side, String recommender, boolean neutral) {
    }

    /**
     * What a unit is shown.
     *
     * @param interleaved false when the unit is outside the experiment (exposure share, targeting) or a side has no
     *     model yet: then the list is side A's alone (B's if only B has a model) and no interleaved show is recorded
     */
    public record Served(Assignment assignment, List<Shown> items, boolean interleaved, String fallback,
                         boolean targeted) {
        /** The same answer in the shape of an A/B recommendation, for the exposure log. */
        public Recommended recommended() {
            return new Recommended(assignment, items.stream().map(s -> new Recommended.Item(s.item(), 0)).toList(),
                    fallback, interleaved ? "interleaving" : assignment.recommender(), targeted);
        }
    }

    /**
     * The team-draft list for (unit, request id), its coins seeded by (salt, unit, request id) so that a retry
     * shows the same list; recorded under {@code exposureId} when interleaved. Blocking (JDBC).
     */
    public Served recommend(String experimentKey, String unit, int n, String requestId, String exposureId,
                            Map<String, ?> attributes) {
        if (n < 1 || n > io.recolab.serving.RecommendationService.MAX_ITEMS) {
            throw DomainError.invalid("n must be in 1.." + io.recolab.serving.RecommendationService.MAX_ITEMS + ", got " + n);
        }
        Catalog.Entry entry = catalog.get(experimentKey)
                .orElseThrow(() -> DomainError.notFound("no experiment '" + experimentKey + "'"));
        ExperimentDefinition d = entry.definition();
        Assignment assignment = Assignments.assign(entry, unit, attributes);
        observer.accept(entry, assignment);
        boolean targeted = Assignments.targets(entry, attributes);
        Treatment a = d.treatments().get(0);
        Treatment b = d.treatments().get(1);
        Optional<List<String>> listA = top(a.recommender(), unit, n);
        Optional<List<String>> listB = top(b.recommender(), unit, n);
        boolean both = listA.isPresent() && listB.isPresent();
        // A unit QA forced to a side sees that side's list alone, in every status, and is never part of the
        // preference counts (as a forced unit's exposures never are in an A/B test).
        boolean forced = "forced".equals(assignment.reason());
        if (forced || !assignment.inExperiment() || !targeted || !both) {
            Treatment alone = forced ? (assignment.treatment().equals(b.name()) ? b : a)
                    : listA.isPresent() || listB.isEmpty() ? a : b;
            List<String> items = (alone == a ? listA : listB).orElse(List.of());
            String fallback = forced ? ((alone == a ? listA : listB).isEmpty() ? "no-model" : null)
                    : both || !assignment.inExperiment() || !targeted ? null
                    : listA.isEmpty() && listB.isEmpty() ? "no-model" : "one-model";
            return new Served(assignment, items.stream().map(i -> new Shown(i, null, alone.recommender(), false)).toList(),
                    false, fallback, targeted);
        }
        TeamDraft.Interleaved<String> list = TeamDraft.interleave(listA.get(), listB.get(), n,
                TeamDraft.seed(d.salt(), unit, requestId));
        Optional<List<InterleavingStore.ShownItem>> earlier = store.recordShow(experimentKey, exposureId, unit, list,
                d.sharedItems(), clock.instant());
        List<Shown> shown = new ArrayList<>(list.items().size());
        if (earlier.isPresent()) {
            // A retry (the exposure id carries the unit: serving.ExposureIds): the list recorded first is the one
            // interactions are credited against, so it is the answer, even if the unit's history or the models
            // changed since (they would change a recomputed list).
            for (InterleavingStore.ShownItem s : earlier.get()) {
                shown.add(new Shown(s.item(), s.side(), d.treatments().get(s.side().ordinal()).recommender(), s.neutral()));
            }
            return new Served(assignment, shown, true, null, true);
        }
        for (int i = 0; i < list.items().size(); i++) {
            Side side = list.teams().get(i);
            shown.add(new Shown(list.items().get(i), side, d.treatments().get(side.ordinal()).recommender(),
                    list.creditAt(i, d.sharedItems()) == null));
        }
        return new Served(assignment, shown, true, null, true);
    }

    /** A side's top n, without what the unit consumed since its model was trained; empty without a model. */
    private Optional<List<String>> top(String recommender, String unit, int n) {
        Optional<Model> model = models.serving(recommender);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        Set<String> recent = history.of(unit);
        Ranked ranked = model.get().recommendations().top(unit, n + recent.size());
        String[] ids = ranked.itemIds(model.get().recommendations().training().items());
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < ids.length && out.size() < n; i++) {
            if (!recent.contains(ids[i])) {
                out.add(ids[i]);
            }
        }
        return Optional.of(out);
    }

    /**
     * Interactions credit the side that showed their item, in each interleaving experiment that has
     * started, if they happened before its stop (a paused one's shows keep their windows, as A/B
     * conversions do: {@link Catalog.Entry#countsAt}).
     */
    @Override
    public void recorded(List<Interaction> interactions, Collection<Catalog.Entry> experiments) {
        for (Catalog.Entry entry : experiments) {
            if (!entry.definition().isInterleaving()) {
                continue;
            }
            Duration window = Duration.ofDays(entry.definition().primaryMetric().windowDays());
            for (Interaction i : interactions) {
                // A forced unit's behaviour says nothing of the preference (its conversions are left out of A/B too).
                if (entry.countsAt(i.at()) && !entry.overrides().containsKey(i.customer())) {
                    store.credit(entry.definition().key(), i.customer(), i.item(), i.at(), window);
                }
            }
        }
    }

    /** The results of an interleaving experiment: each side, the summary, and every unit's credits. */
    public record Report(String experiment, List<Treatment> sides, InterleavingSummary summary,
                         List<InterleavingStore.UnitCredits> units, Instant computedAt) {
    }

    public Report results(String experimentKey) {
        Catalog.Entry entry = catalog.get(experimentKey)
                .orElseThrow(() -> DomainError.notFound("no experiment '" + experimentKey + "'"));
        if (!entry.definition().isInterleaving()) {
            throw DomainError.conflict("experiment '" + experimentKey + "' has design "
                    + entry.definition().design().wireName() + ", not interleaving: its results are at /results");
        }
        List<InterleavingStore.UnitCredits> units = store.units(experimentKey);
        long a = units.stream().filter(u -> u.preference() == Preference.A).count();
        long b = units.stream().filter(u -> u.preference() == Preference.B).count();
        return new Report(experimentKey, entry.definition().treatments(),
                InterleavingSummary.of(a, b, units.size() - a - b), units, clock.instant());
    }
}
