package io.recolab.recommend.autoencoder;

/** Progress of a training run, one report per epoch. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = report -> { };

    /**
     * One log line per epoch through the application's logger, e.g. {@code autoencoder epoch 3/12: ...}:
     * under {@code serve} it takes the server's log format (text or JSON lines) like every other line,
     * instead of raw prints between them.
     */
    TrainingListener LOG = report -> Logging.LOG.info("{}", report.line());

    void epoch(EpochReport report);

    /** Holder of the logger: an interface cannot have a private static field. */
    final class Logging {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.recolab.recommend.autoencoder.Training");

        private Logging() {
        }
    }

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
