package io.recolab.recommend;

/**
 * A recommender contributed from outside this package, found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/io.recolab.recommend.RecommenderProvider}).
 */
public interface RecommenderProvider {
    String name();

    Recommender create();
}
