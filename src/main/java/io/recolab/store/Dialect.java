package io.recolab.store;

/** The SQL dialects recolab speaks; the one place where H2 and PostgreSQL differ. */
public enum Dialect {
    H2, POSTGRESQL;

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StoreException("unsupported database URL " + Database.redacted(jdbcUrl)
                + ": use jdbc:h2:... or jdbc:postgresql://...", null);
    }

    /** SQLSTATE 23505 is the unique-violation code in both H2 and PostgreSQL. */
    public static boolean isUniqueViolation(java.sql.SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
