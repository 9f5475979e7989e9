package io.recolab.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local-mode session (local[2]) for every test class of the run: starting Spark costs seconds, so
 * the classes share it and it stops when the test JVM exits. No UI, few shuffle partitions (the test data
 * is small; the default 200 would be 200 tiny tasks per shuffle).
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    /**
     * A file of the shared data sets (README: {@code ../shared/data} from the repository root; one level
     * further up from a worktree), or null when it is not there.
     */
    static java.nio.file.Path sharedData(String relative) {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("recolab.repoRoot", ".."));
        for (String up : new String[] {"../shared/data", "../../shared/data"}) {
            java.nio.file.Path p = root.resolve(up).resolve(relative).normalize();
            if (java.nio.file.Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("recolab-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "4")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-stop"));
        }
        return session;
    }
}
