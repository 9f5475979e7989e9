package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;

/**
 * What the two autoencoders share: their configuration, where training progress goes, and that an empty
 * log trains to a model that scores nothing. They differ only in the examples they learn from ({@link #fit}).
 */
abstract sealed class AutoencoderRecommender implements Recommender
        permits ChronologicalAutoencoder, StaticAutoencoder {
    final AutoencoderConfig config;
    final TrainingListener listener;

    AutoencoderRecommender(AutoencoderConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    @Override
    public final TrainedModel train(Interactions training) {
        return training.size() == 0 ? (customer, scores) -> { } : fit(training);
    }

    /** Trains on a non-empty log; the result can be saved. */
    public abstract AutoencoderModel fit(Interactions training);

    /** A freshly initialised network for this log: history and recency inputs, one output per item. */
    final Network initialNetwork(Interactions training) {
        return Network.initialized(2 * training.itemCount(), config.hidden(), training.itemCount(),
                config.trend() ? Snapshot.FEATURES : 0, config.seed());
    }

    final AutoencoderModel model(String name, Network net, Interactions training) {
        return new AutoencoderModel(name, net, config.halfLifeDays(), AutoencoderModel.itemIds(training), training);
    }
}
