package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;

/**
 * {@code autoencoder-static}: matrix completion with a denoising autoencoder (Mult-DAE, Liang et al. 2018).
 * Input = the customer's history before the cutoff with input dropout, target = the same history; the
 * items it confidently reconstructs but the customer does not have become the recommendations.
 */
public final class StaticAutoencoder extends AutoencoderRecommender {
    public static final String NAME = "autoencoder-static";

    public StaticAutoencoder() {
        this(AutoencoderConfig.staticDefaults(), TrainingListener.LOG);
    }

    public StaticAutoencoder(AutoencoderConfig config, TrainingListener listener) {
        super(config, listener);
    }

    @Override
    public AutoencoderModel fit(Interactions training) {
        Snapshot now = Snapshot.at(training, training.horizon(), config.halfLifeDays());
        ExampleSets.Split split = ExampleSets.reconstruction(training, config, now);
        Network net = initialNetwork(training);
        new Trainer(config, listener, NAME).train(net, split.training(), split.validation());
        return model(NAME, net, training);
    }
}
