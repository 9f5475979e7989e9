package io.recolab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recolab.domain.DomainError;
import io.recolab.testing.Stores;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A statement the store refuses for its data (SQLSTATE class 22, data exception; class 23,
 * constraint violation) is the caller's problem, not an outage: a domain refusal (422, 409) with
 * the store's reason and without the SQL text, while the connection stays in service.
 */
class DataRefusalTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("io.recolab.testing.Stores#both")
    void dataExceptionsAndConstraintViolationsAreRefusalsNotOutages(Stores.Kind kind) {
        String url = kind == Stores.Kind.POSTGRESQL ? Stores.freshPostgresSchema() : Database.h2Url(tmp);
        try (Database db = Database.open(url, 2)) {
            Jdbc.inTransaction(db, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE refusal_probe (id VARCHAR(8) PRIMARY KEY, at TIMESTAMP)");
                    s.execute("INSERT INTO refusal_probe (id) VALUES ('one')");
                }
                return null;
            });
            assertThatThrownBy(() -> Jdbc.read(db, c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeQuery("SELECT CAST('x' AS INTEGER)").next();
                }
            })).isInstanceOfSatisfying(DomainError.class, e -> {
                assertThat(e.kind()).isEqualTo(DomainError.Kind.UNPROCESSABLE);
                assertThat(e.getMessage()).startsWith("the database refused the data: ").contains("SQLSTATE 22")
                        .doesNotContain("SELECT");
            });
            assertThatThrownBy(() -> Jdbc.inTransaction(db, c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO refusal_probe (id) VALUES ('much too long for eight')");
                }
            })).isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.kind()).isEqualTo(DomainError.Kind.UNPROCESSABLE));
            assertThatThrownBy(() -> Jdbc.inTransaction(db, c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO refusal_probe (id) VALUES ('one')");
                }
            })).isInstanceOfSatisfying(DomainError.class, e -> {
                assertThat(e.kind()).isEqualTo(DomainError.Kind.CONFLICT);
                assertThat(Jdbc.isUniqueViolation(e)).isTrue();
                assertThat(e.getMessage()).contains("SQLSTATE 23505").doesNotContain("INSERT");
            });
            assertThat(db.isHealthy()).as("a refused value is no outage").isTrue();
        } finally {
            if (kind == Stores.Kind.POSTGRESQL) {
                Stores.dropPostgresSchema(url);
            }
        }
    }
}
