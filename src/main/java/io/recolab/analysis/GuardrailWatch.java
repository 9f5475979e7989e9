package io.recolab.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.domain.DomainError;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.ExperimentService;
import io.recolab.experiment.Transition;
import io.recolab.json.Json;
import io.recolab.ops.Telemetry;
import io.recolab.stats.ComparisonRequest;
import io.recolab.store.JobLock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a running experiment whose definition asks for it ({@code "autoPause": true}) as soon as
 * one of its guardrails is breached (issue 22.6). The check is the guardrail's confidence sequence
 * ({@link io.recolab.stats.Guardrail}): valid at every look, so looking every few minutes raises no
 * more false alarms than looking once. Every node schedules it; the cluster lock lets one node at a
 * time act, and a node that finds the experiment paused already (by another node, or an owner)
 * leaves it. The pause is an ordinary transition with its audit record (actor {@link #ACTOR}, the
 * breach as its reason) and is counted in {@code /metrics}.
 */
public final class GuardrailWatch {
    public static final String ACTOR = "guardrail-watch";
    static final String LOCK = "guardrail-watch";
    private static final Logger LOG = LoggerFactory.getLogger(GuardrailWatch.class);

    private final Catalog catalog;
    private final Results results;
    private final ExperimentService experiments;
    private final JobLock lock;
    private final Telemetry telemetry;

    public GuardrailWatch(Catalog catalog, Results results, ExperimentService experiments, JobLock lock, Telemetry telemetry) {
        this.catalog = catalog;
        this.results = results;
        this.experiments = experiments;
        this.lock = lock;
        this.telemetry = telemetry;
    }

    /** One round over the running experiments that ask for automatic pauses; skipped while another node runs one. */
    public void run() {
        try {
            lock.tryRun(LOCK, this::checkAll);
        } catch (RuntimeException e) {
            LOG.warn("guardrail watch: {}", e.getMessage()); // the store may be away: the next round retries
        }
    }

    /** @return the keys paused in this round */
    List<String> checkAll() {
        List<String> paused = new ArrayList<>();
        for (Catalog.Entry entry : catalog.all()) {
            if (!entry.isRunning() || !entry.definition().autoPause() || entry.experiment().archived()) {
                continue;
            }
            String key = entry.definition().key();
            try {
                List<ResultsReport.GuardrailView> breaches = results.guardrails(key, ComparisonRequest.DEFAULT_ALPHA).stream()
                        .filter(ResultsReport.GuardrailView::breached).toList();
                if (breaches.isEmpty()) {
                    telemetry.guardrailCheck("clear");
                    continue;
                }
                if (resumedAfterAutoPause(key)) {
                    telemetry.guardrailCheck("overridden");
                    continue;
                }
                telemetry.guardrailCheck("breached");
                if (pause(key, breaches)) {
                    paused.add(key);
                }
            } catch (RuntimeException e) {
                telemetry.guardrailCheck("failed");
                LOG.warn("guardrail watch: cannot check experiment '{}': {}", key, e.getMessage());
            }
        }
        return paused;
    }

    /**
     * An owner who resumed an experiment this watch had paused has seen the breach and decided to go
     * on: pausing it again at the next look would fight them. Only changes after the last automatic
     * pause count, so the watch acts once per pause the owner has not overridden.
     */
    private boolean resumedAfterAutoPause(String key) {
        boolean autoPaused = false;
        boolean resumed = false;
        for (io.recolab.experiment.Change c : experiments.history(key)) {
            if (ACTOR.equals(c.actor()) && c.action().equals(Transition.PAUSE.wireName())) {
                autoPaused = true;
                resumed = false;
            } else if (autoPaused && (c.action().equals(Transition.RESUME.wireName())
                    || c.action().equals(Transition.START.wireName()))) {
                resumed = true;
            }
        }
        return resumed;
    }

    private boolean pause(String key, List<ResultsReport.GuardrailView> breaches) {
        ObjectNode why = Json.MAPPER.createObjectNode().put("cause", "guardrail breached")
                .put("alpha", ComparisonRequest.DEFAULT_ALPHA);
        var list = why.putArray("breaches");
        for (ResultsReport.GuardrailView b : breaches) {
            ObjectNode n = list.addObject().put("metric", b.metric()).put("harm", b.harm()).put("treatment", b.treatment())
                    .put("absoluteLift", b.absoluteLift());
            n.putArray("sequence").add(b.sequence().get(0)).add(b.sequence().get(1));
        }
        try {
            experiments.transition(key, Transition.PAUSE, ACTOR, why);
        } catch (DomainError e) {
            // Paused or stopped meanwhile (an owner, or another node's round): nothing to do.
            LOG.info("guardrail watch: experiment '{}' breached but not paused: {}", key, e.getMessage());
            return false;
        }
        telemetry.guardrailPaused();
        LOG.warn("guardrail watch: paused experiment '{}': {} breached", key,
                breaches.stream().map(b -> b.metric() + " (" + b.treatment() + ")").toList());
        return true;
    }
}
