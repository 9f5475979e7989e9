package io.recolab.experiment;

import io.recolab.recommend.RecommenderRegistry;
import java.util.List;

/**
 * The recommender names a definition may use. A treatment naming no recommender the server has
 * would start, then serve every unit empty rows counted as exposures ("no-model"): the name is
 * refused when the definition is created, changed, loaded from a file or checked, listing the
 * known ones.
 */
public record KnownRecommenders(List<String> names) {
    public KnownRecommenders {
        names = List.copyOf(names);
    }

    /** The built-in recommenders and every ServiceLoader provider on the class path. */
    public static KnownRecommenders registered() {
        return of(RecommenderRegistry.defaults());
    }

    public static KnownRecommenders of(RecommenderRegistry registry) {
        return new KnownRecommenders(registry.names());
    }

    public void check(ExperimentDefinition d) {
        for (int i = 0; i < d.treatments().size(); i++) {
            String name = d.treatments().get(i).recommender();
            if (!names.contains(name)) {
                throw new InvalidDefinition("treatments[" + i + "].recommender: unknown recommender \"" + name
                        + "\" (known: " + String.join(", ", names) + ")");
            }
        }
    }
}
