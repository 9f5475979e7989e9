package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;
import io.recolab.recommend.Recommender;
import io.recolab.recommend.TrainedModel;

/**
 * {@code autoencoder-static}: matrix completion with a denoising autoencoder (Mult-DAE, Liang et al. 2018).
 * Input = the customer's history before the cutoff with input dropout, target = the same history; the
 * items it confidently reconstructs but the customer does not have become the recommendations.
 */
public final class StaticAutoencoder implements Recommender {
    public static final String NAME = "autoencoder-static";

    private final AutoencoderConfig config;
    private final TrainingListener listener;

    public StaticAutoencoder() {
        this(AutoencoderConfig.staticDefaults(), TrainingListener.STDERR);
    }

    public StaticAutoencoder(AutoencoderConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    @Override
    public TrainedModel train(Interactions training) {
        return training.size() == 0 ? (customer, scores) -> { } : fit(training);
    }

    public AutoencoderModel fit(Interactions training) {
        Snapshot now = Snapshot.at(training, training.horizon(), config.halfLifeDays());
        ExampleSets.Split split = ExampleSets.reconstruction(training, config, now);
        Network net = Network.initialized(2 * training.itemCount(), config.hidden(), training.itemCount(),
                config.trend() ? Snapshot.FEATURES : 0, config.seed());
        new Trainer(config, listener, NAME).train(net, split.training(), split.validation());
        return new AutoencoderModel(NAME, net, config.halfLifeDays(), AutoencoderModel.itemIds(training), training);
    }
}
