package io.recolab.layer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.assign.LayerSlot;
import io.recolab.experiment.Assignment;
import io.recolab.experiment.Assignments;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.DefinitionJson;
import io.recolab.experiment.Experiment;
import io.recolab.experiment.Status;
import io.recolab.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The layer golden cases (src/test/resources/golden/layers-golden.json, written by an independent
 * pure-Python MurmurHash3: make_layers_golden.py beside it) through the server's own path: a
 * definition parsed from JSON, compiled into the catalog, assigned by {@link Assignments}. The Java
 * client's ClientUnitTest reads the same file.
 */
class LayersGoldenTest {
    static JsonNode golden() throws IOException {
        try (InputStream in = LayersGoldenTest.class.getResourceAsStream("/golden/layers-golden.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** A golden case's experiment as a definition in the contract's format (key "golden"). */
    static ObjectNode definition(JsonNode e) {
        ObjectNode d = Json.MAPPER.createObjectNode().put("key", "golden").put("salt", e.get("salt").asText());
        d.set("exposurePercent", e.get("exposurePercent"));
        var treatments = d.putArray("treatments");
        for (int i = 0; i < e.get("weights").size(); i++) {
            treatments.addObject().put("name", "T" + i).put("weight", e.get("weights").get(i).asInt())
                    .put("recommender", "bestseller");
        }
        if (!e.get("layer").isNull()) {
            d.set("layer", e.get("layer"));
        }
        if (!e.get("targeting").isNull()) {
            d.set("targeting", e.get("targeting"));
        }
        return d;
    }

    @Test
    void theServerReproducesEveryCase() throws IOException {
        JsonNode golden = golden();
        assertThat(golden.get("cases").size()).isGreaterThanOrEqualTo(300);
        int layered = 0;
        for (JsonNode c : golden.get("cases")) {
            Catalog catalog = new Catalog();
            var d = DefinitionJson.parse(definition(c.get("experiment")));
            catalog.put(new Experiment(d, Status.RUNNING, Instant.EPOCH, Instant.EPOCH, 1, Instant.EPOCH));
            Map<String, Object> attributes = Json.MAPPER.convertValue(c.get("attributes"), new TypeReference<>() { });
            String unit = c.get("unit").asText();
            Assignment a = new Assignments(catalog).assign("golden", unit, attributes);
            String what = c.toString();
            assertThat(a.treatment()).as(what).isEqualTo("T" + c.get("treatment").asInt());
            assertThat(a.inExperiment()).as(what).isEqualTo(c.get("inExperiment").asBoolean());
            assertThat(a.reason() == null ? "in" : a.reason()).as(what).isEqualTo(c.get("reason").asText());
            if (c.has("layerBucket")) {
                layered++;
                assertThat(LayerSlot.bucket(d.layer().name(), unit)).as(what).isEqualTo(c.get("layerBucket").asInt());
            }
        }
        assertThat(layered).isGreaterThan(200);
    }
}
