package io.recolab.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.recolab.experiment.Change;
import io.recolab.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The guardrail state an owner reads first (issue 22.6), from the audit trail and the guardrails as
 * they stand: when the {@link GuardrailWatch} last paused the experiment, for which breaches, and who
 * resumed it since; or a breach nothing paused. The web UI's banner (web/js/pages/guardrail-breach.js)
 * says the same from the same history; the printable report says it with {@link #lines}.
 *
 * @param pausedAt the last automatic pause, null when the watch never paused the experiment
 * @param breaches "metric (treatment)" of that pause's breaches
 * @param resumedBy who resumed (or restarted) it after that pause, null while it stays paused
 */
public record AutoPauseState(Instant pausedAt, List<String> breaches, String resumedBy, Instant resumedAt) {
    public static AutoPauseState of(List<Change> history) {
        Change pause = null;
        Change resume = null;
        for (Change c : history) {
            if (GuardrailWatch.ACTOR.equals(c.actor()) && "pause".equals(c.action())) {
                pause = c;
                resume = null;
            } else if (pause != null && resume == null && ("resume".equals(c.action()) || "start".equals(c.action()))) {
                resume = c;
            }
        }
        if (pause == null) {
            return new AutoPauseState(null, List.of(), null, null);
        }
        List<String> breaches = new ArrayList<>();
        try {
            for (JsonNode b : Json.parse(pause.detail()).path("reason").path("breaches")) {
                breaches.add(b.path("metric").asText() + " (" + b.path("treatment").asText() + ")");
            }
        } catch (RuntimeException e) {
            // An unreadable detail still leaves the pause itself to report.
        }
        return new AutoPauseState(pause.at(), List.copyOf(breaches), resume == null ? null : resume.actor(),
                resume == null ? null : resume.at());
    }

    /** The state in sentences, most important first; empty when there is nothing to say about guardrails. */
    public List<String> lines(boolean autoPause, String status, List<ResultsReport.GuardrailView> guardrails) {
        List<String> lines = new ArrayList<>();
        List<String> breachedNow = guardrails.stream().filter(ResultsReport.GuardrailView::breached)
                .map(g -> g.metric() + " (" + g.treatment() + ")").toList();
        if (pausedAt != null) {
            String what = breaches.isEmpty() ? "a guardrail" : String.join(", ", breaches);
            lines.add("Paused automatically by the guardrail watch at " + pausedAt + ": " + what + " breached.");
            if (resumedBy != null) {
                lines.add("Resumed by " + resumedBy + " at " + resumedAt + "; the watch does not pause it again for this breach."
                        + (breachedNow.isEmpty() ? "" : " Still breached: " + String.join(", ", breachedNow) + "."));
            } else if ("paused".equals(status)) {
                lines.add("Still paused: resuming is the owner's call.");
            }
        } else if (!breachedNow.isEmpty()) {
            lines.add("Guardrail breached: " + String.join(", ", breachedNow) + (autoPause
                    ? "; automatic pause is on: the server pauses the experiment at its next guardrail check."
                    : "; breached, not paused: automatic pause is off."));
        }
        return lines;
    }
}
