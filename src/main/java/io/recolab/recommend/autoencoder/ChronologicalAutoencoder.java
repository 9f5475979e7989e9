package io.recolab.recommend.autoencoder;

import io.recolab.data.Interactions;

/**
 * {@code autoencoder}: learns what customers consume next, not what they consumed. Trained on many past
 * cutoffs inside the training period (ExampleSets.chronological): input = history before t (plain and
 * recency-weighted), target = the new items of [t, t + 14 days), loss = multinomial log-likelihood over
 * the items the customer does not have, with the item popularity trend as an output bias the network
 * scales per customer. With {@code temporalValidation}, early stopping runs on the latest training cutoff
 * (training on windows that end before it) and the model is then retrained on every cutoff for the chosen
 * number of epochs.
 */
public final class ChronologicalAutoencoder extends AutoencoderRecommender {
    public static final String NAME = "autoencoder";

    public ChronologicalAutoencoder() {
        this(AutoencoderConfig.chronological(), TrainingListener.LOG);
    }

    public ChronologicalAutoencoder(AutoencoderConfig config, TrainingListener listener) {
        super(config, listener);
    }

    @Override
    public AutoencoderModel fit(Interactions training) {
        ExampleSets.Split split = ExampleSets.chronological(training, config);
        Network net = initialNetwork(training);
        Trainer trainer = new Trainer(config, listener, NAME);
        trainer.train(net, split.training(), split.validation());
        if (config.temporalValidation() && split.validation().size() > 0) {
            // The validation cutoff chose the number of epochs; now learn from every cutoff and customer,
            // including the latest windows that validation had to leave out.
            AutoencoderConfig refit = config.with("temporalValidation", "false").with("validationShare", "0")
                    .with("patience", "0").with("maxEpochs", Integer.toString(Math.max(1, trainer.bestEpoch())));
            ExampleSets.Split all = ExampleSets.chronological(training, refit);
            net = initialNetwork(training);
            new Trainer(refit, listener, NAME + " (refit)").train(net, all.training(), all.validation());
        }
        return model(NAME, net, training);
    }
}
