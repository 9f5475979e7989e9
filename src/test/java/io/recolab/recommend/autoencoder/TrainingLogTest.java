package io.recolab.recommend.autoencoder;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.recolab.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training progress goes through the logger, so that under {@code serve} it takes the server's log
 * format; it used to be printed raw between the structured lines (issue 17, item 9).
 */
class TrainingLogTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void epochsAreLogLinesNotRawPrints() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.recolab.recommend.autoencoder.Training");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        boolean additive = logger.isAdditive();
        logger.setAdditive(false); // keep the console quiet: what remains there was printed raw
        try {
            // The constructor the registry (and so serve) uses.
            new ChronologicalAutoencoder().fit(Fixtures.trending(40, 50, 3));
        } finally {
            logger.detachAppender(events);
            logger.setAdditive(additive);
        }
        assertThat(events.list).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).matches("autoencoder epoch \\d+/\\d+: .*"));
        assertThat(console.out.toString()).doesNotContain("epoch");
        assertThat(console.err.toString()).doesNotContain("epoch");
    }
}
