package io.recolab.recommend.autoencoder;

/** Progress of a training run, one report per epoch (the CLI shows them as a bar or lines). */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = report -> { };

    /** Plain lines on stderr, e.g. {@code autoencoder epoch 3/12 loss 5.1234 val-loss 5.3 val-hit@6 0.41 (2.1 s)}. */
    TrainingListener STDERR = report -> System.err.println(report.line());

    void epoch(EpochReport report);

    /**
     * @param model          which model ("autoencoder", "autoencoder-static")
     * @param validationHit  share of validation examples with a target among the 6 best items (NaN: none)
     * @param best           whether this epoch is the best so far (its weights are kept)
     */
    record EpochReport(String model, int epoch, int maxEpochs, int examples, double loss, double validationLoss,
                       double validationHit, boolean best, double seconds) {
        public String line() {
            return String.format(java.util.Locale.ROOT,
                    "%s epoch %d/%d: %,d examples, loss %.4f, val-loss %.4f, val-hit@6 %.4f%s (%.1f s)", model, epoch,
                    maxEpochs, examples, loss, validationLoss, validationHit, best ? " *" : "", seconds);
        }
    }
}
