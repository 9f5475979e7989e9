package io.recolab.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.domain.DomainError;
import io.recolab.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Creating, changing and moving experiments through their lifecycle, with the rules of
 * CONTRACT §4 enforced in one place. Every accepted change is written with its audit record and
 * then published to the {@link Catalog} that assignment reads.
 */
public final class ExperimentService {
    /** The audit actions (and API action names) of {@link #archive} and {@link #unarchive}. */
    public static final String ARCHIVE = "archive";
    public static final String UNARCHIVE = "unarchive";
    private static final int MAX_RACE_RETRIES = 5;
    private final ExperimentRepository repository;
    private final LayerRanges layers;
    private final Catalog catalog;
    private final Clock clock;
    private final KnownRecommenders recommenders;

    /** With the recommenders this class path has (built-ins and ServiceLoader providers). */
    public ExperimentService(ExperimentRepository repository, Catalog catalog, Clock clock) {
        this(repository, catalog, clock, KnownRecommenders.registered());
    }

    public ExperimentService(ExperimentRepository repository, Catalog catalog, Clock clock, KnownRecommenders recommenders) {
        this.repository = repository;
        this.layers = new LayerRanges(repository);
        this.catalog = catalog;
        this.clock = clock;
        this.recommenders = recommenders;
    }

    /**
     * The checks a definition needs beyond its own shape (its recommenders exist here), for the
     * definition check endpoint; create and update make them too. Throws {@link InvalidDefinition}.
     */
    public ExperimentDefinition check(ExperimentDefinition definition) {
        recommenders.check(definition);
        return definition;
    }

    /** Reloads the catalog from the store (at start, and when another node changed something). */
    public void refresh() {
        catalog.reload(repository::findAll, repository::overrides);
    }

    /** Every experiment, archived ones included (the catalog, exports and node refresh need them all). */
    public List<Experiment> list() {
        return repository.findAll();
    }

    /** The store's experiment change counter, which other nodes poll to refresh their catalog. */
    public long changeCounter() {
        return repository.changeCounter();
    }

    public List<Experiment> list(ArchiveFilter filter) {
        return repository.findAll().stream().filter(filter::matches).toList();
    }

    public Experiment get(String key) {
        return repository.find(key).orElseThrow(() -> unknown(key));
    }

    public List<Change> history(String key) {
        get(key);
        return repository.history(key);
    }

    public Experiment create(ExperimentDefinition definition, String actor) {
        check(definition);
        return layers.take(definition.key(), definition.layer(), () -> {
            Instant now = io.recolab.domain.Times.now(clock);
            Experiment created = new Experiment(definition, Status.DRAFT, now, now, 1, null);
            ObjectNode detail = Json.MAPPER.createObjectNode();
            detail.set("definition", DefinitionJson.toJson(definition));
            if (!repository.insert(created, new Change(now, actor, "create", Json.write(detail)))) {
                throw DomainError.conflict("experiment '" + definition.key() + "' already exists");
            }
            catalog.put(created);
            return created;
        });
    }

    /**
     * Replaces the definition. A draft may change freely; once an experiment has run its arms
     * (treatments, weights, recommenders, salt, unit) are frozen and exposurePercent may only
     * grow, so that no assigned unit ever changes treatment. A stopped experiment is final.
     */
    public Experiment update(String key, ExperimentDefinition proposed, String actor) {
        return update(key, proposed, actor, null);
    }

    /**
     * @param basedOn the revision the caller's change was made on (HTTP If-Match), or null: a change
     *     made on an older copy is refused (stale), so it cannot silently undo someone else's change
     */
    public Experiment update(String key, ExperimentDefinition proposed, String actor, Long basedOn) {
        if (!proposed.key().equals(key)) {
            throw DomainError.unprocessable("key in the body (\"" + proposed.key() + "\") differs from the URL (\"" + key + "\")");
        }
        check(proposed);
        for (int attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
            Experiment current = get(key);
            if (basedOn != null && current.revision() != basedOn) {
                throw DomainError.stale("experiment '" + key + "' is at revision " + current.revision()
                        + "; this change was made on revision " + basedOn + " (If-Match): reload it and apply the change again");
            }
            ChangeRules.checkUpdate(current, proposed);
            if (current.definition().equals(proposed)) {
                return current;
            }
            checkOverridesKept(key, proposed);
            Experiment next = layers.take(key, proposed.layer(), () -> {
                Instant now = io.recolab.domain.Times.now(clock);
                Experiment changed = new Experiment(proposed, current.status(), current.createdAt(), now,
                        current.revision() + 1, current.startedAt());
                ObjectNode detail = Json.MAPPER.createObjectNode();
                detail.set("before", DefinitionJson.toJson(current.definition()));
                detail.set("after", DefinitionJson.toJson(proposed));
                return repository.update(changed, current.revision(), new Change(now, actor, "update", Json.write(detail)))
                        ? changed : null;
            });
            if (next != null) {
                catalog.put(next);
                return next;
            }
        }
        throw DomainError.conflict("experiment '" + key + "' is being changed concurrently; retry");
    }

    /**
     * A draft's treatments may be renamed or removed, but not from under its forced units: the override would
     * silently stop applying (the unit would get its hashed treatment, unmarked) while the list still showed it.
     */
    private void checkOverridesKept(String key, ExperimentDefinition proposed) {
        List<String> names = proposed.treatments().stream().map(Treatment::name).toList();
        List<String> orphaned = repository.overrides(key).entrySet().stream().filter(o -> !names.contains(o.getValue()))
                .map(o -> o.getKey() + " -> " + o.getValue()).sorted().toList();
        if (!orphaned.isEmpty()) {
            throw DomainError.conflict("experiment '" + key + "' forces units into treatments this change removes ("
                    + String.join(", ", orphaned.subList(0, Math.min(5, orphaned.size()))) + (orphaned.size() > 5 ? ", ..." : "")
                    + "); change or clear its overrides first");
        }
    }

    /** At most this many forced units per experiment: QA accounts, not a population. */
    public static final int MAX_OVERRIDES = 1_000;

    /** The experiment's forced treatments, unit -> treatment name, by unit. */
    public java.util.SortedMap<String, String> overrides(String key) {
        get(key);
        return new java.util.TreeMap<>(repository.overrides(key));
    }

    /**
     * Replaces the experiment's forced treatments (issue 23.4): each unit sees its treatment in
     * every status, its answers are marked forced and its exposures stay out of the analysis.
     * Audited with the list before and after. An archived experiment is read-only.
     *
     * @param overrides unit -> treatment name; each name must be one of the experiment's
     */
    public java.util.SortedMap<String, String> setOverrides(String key, java.util.Map<String, String> overrides, String actor) {
        Experiment current = get(key);
        if (current.archived()) {
            throw ChangeRules.archived(current, "change the overrides of");
        }
        if (overrides.size() > MAX_OVERRIDES) {
            throw DomainError.tooLarge("overrides: at most " + MAX_OVERRIDES + " units, got " + overrides.size());
        }
        List<String> names = current.definition().treatments().stream().map(Treatment::name).toList();
        for (var o : overrides.entrySet()) {
            Assignments.checkUnit(o.getKey());
            if (!names.contains(o.getValue())) {
                throw DomainError.unprocessable("overrides[\"" + o.getKey() + "\"]: \"" + o.getValue()
                        + "\" is not a treatment of '" + key + "'; its treatments: " + names);
            }
        }
        java.util.SortedMap<String, String> before = new java.util.TreeMap<>(repository.overrides(key));
        java.util.SortedMap<String, String> after = new java.util.TreeMap<>(overrides);
        if (before.equals(after)) {
            return after;
        }
        // A unit already analysed in its hashed treatment would keep its exposures in the results while its
        // conversions from now on were left out as forced: both arms' figures would be skewed, silently.
        List<String> added = after.entrySet().stream().filter(o -> !o.getValue().equals(before.get(o.getKey())))
                .map(java.util.Map.Entry::getKey).toList();
        List<String> analysed = repository.analysedAmong(key, added);
        if (!analysed.isEmpty()) {
            throw DomainError.conflict("overrides: " + analysed.size() + " unit(s) already have analysed exposures in '"
                    + key + "' (" + String.join(", ", analysed.subList(0, Math.min(5, analysed.size())))
                    + (analysed.size() > 5 ? ", ..." : "") + "); forcing them now would skew its results: force units"
                    + " that have not been exposed yet (QA accounts)");
        }
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.set("before", Json.MAPPER.valueToTree(before));
        detail.set("after", Json.MAPPER.valueToTree(after));
        repository.replaceOverrides(key, after, new Change(io.recolab.domain.Times.now(clock), actor, "overrides", Json.write(detail)));
        catalog.putOverrides(key, after);
        return after;
    }

    public Experiment transition(String key, Transition transition, String actor) {
        return transition(key, transition, actor, null);
    }

    /**
     * @param why what made the change, kept in its audit record beside from/to (e.g. the guardrail
     *     breach behind an automatic pause); null for none
     */
    public Experiment transition(String key, Transition transition, String actor, ObjectNode why) {
        for (int attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
            Experiment current = get(key);
            if (current.archived()) {
                throw ChangeRules.archived(current, transition.wireName());
            }
            Status target = transition.from(current.status()).orElseThrow(() -> DomainError.conflict(
                    "cannot " + transition.wireName() + " experiment '" + key + "': it is " + current.status().wireName()
                            + "; allowed: " + Transition.actionsFor(current)));
            Instant now = io.recolab.domain.Times.now(clock);
            Instant startedAt = current.startedAt() == null && target == Status.RUNNING ? now : current.startedAt();
            Instant stoppedAt = target == Status.STOPPED ? now : current.stoppedAt();
            Experiment next = new Experiment(current.definition(), target, current.createdAt(), now,
                    current.revision() + 1, startedAt, stoppedAt, null);
            ObjectNode detail = Json.MAPPER.createObjectNode()
                    .put("from", current.status().wireName()).put("to", target.wireName());
            if (why != null) {
                detail.set("reason", why);
            }
            if (repository.update(next, current.revision(), new Change(now, actor, transition.wireName(), Json.write(detail)))) {
                catalog.put(next);
                return next;
            }
        }
        throw DomainError.conflict("experiment '" + key + "' is being changed concurrently; retry");
    }

    /**
     * Archives a draft or stopped experiment: it stays in the store with its events, results,
     * exports and history, is still readable by key, but leaves the default list and refuses every
     * change until unarchived. Archiving an archived experiment changes nothing (a retry is harmless).
     * A running or paused experiment must be stopped first: archiving never ends a run by the way.
     */
    public Experiment archive(String key, String actor) {
        return setArchived(key, actor, true);
    }

    /** Brings an archived experiment back to the list, in the status it had; a no-op if it is not archived. */
    public Experiment unarchive(String key, String actor) {
        return setArchived(key, actor, false);
    }

    private Experiment setArchived(String key, String actor, boolean archive) {
        for (int attempt = 0; attempt < MAX_RACE_RETRIES; attempt++) {
            Experiment current = get(key);
            if (current.archived() == archive) {
                return current;
            }
            if (archive && !current.status().archivable()) {
                throw DomainError.conflict("cannot archive experiment '" + key + "': it is " + current.status().wireName()
                        + "; only draft and stopped experiments can be archived (stop it first)");
            }
            // Unarchiving a draft takes its range again (another experiment may hold it now); the rest take none.
            boolean takesRange = !archive && current.status() != Status.STOPPED;
            Experiment next = layers.take(key, takesRange ? current.definition().layer() : null, () -> {
                Instant now = io.recolab.domain.Times.now(clock);
                Experiment changed = new Experiment(current.definition(), current.status(), current.createdAt(), now,
                        current.revision() + 1, current.startedAt(), current.stoppedAt(), archive ? now : null);
                ObjectNode detail = Json.MAPPER.createObjectNode()
                        .put("status", current.status().wireName()).put("archived", archive);
                return repository.update(changed, current.revision(),
                        new Change(now, actor, archive ? ARCHIVE : UNARCHIVE, Json.write(detail))) ? changed : null;
            });
            if (next != null) {
                catalog.put(next);
                return next;
            }
        }
        throw DomainError.conflict("experiment '" + key + "' is being changed concurrently; retry");
    }

    /**
     * Applies a definition from a file at start: creates it if new, updates a draft, and leaves
     * an experiment that has run alone unless the change is one the contract allows.
     */
    public String apply(ExperimentDefinition definition, String actor) {
        var existing = repository.find(definition.key());
        if (existing.isEmpty()) {
            create(definition, actor);
            return "created";
        }
        if (Objects.equals(existing.get().definition(), definition)) {
            return "unchanged";
        }
        update(definition.key(), definition, actor);
        return "updated";
    }

    static DomainError unknown(String key) {
        return DomainError.notFound("no experiment '" + key + "'");
    }
}
