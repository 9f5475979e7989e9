package io.recolab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The shipped logback.xml must configure without a single error: a malformed file (an XML comment
 * holding "--", say) makes logback print a stack trace at every start and fall back to its defaults.
 */
class LogbackConfigurationTest {
    @Test
    void theShippedConfigurationLoadsWithoutErrors() throws Exception {
        URL config = getClass().getResource("/logback.xml");
        assertThat(config).isNotNull();
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(s -> s.getLevel() >= Status.WARN)
                .extracting(Status::getMessage)
                .isEmpty();
        assertThat(context.getLogger("io.recolab.access").getAppender("ACCESS")).isNotNull();
        context.stop();
    }
}
