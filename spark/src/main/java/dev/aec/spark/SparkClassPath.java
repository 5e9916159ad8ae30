package dev.aec.spark;

/**
 * Whether Spark's classes can be loaded, asked before anything touches them: the command line
 * carries aec's Spark trainer always, but Spark's own jars only when it is started for Spark (or
 * by spark-submit, which brings the cluster's).
 */
public final class SparkClassPath {
    private SparkClassPath() {
    }

    public static boolean hasSpark() {
        try {
            Class.forName("org.apache.spark.api.java.JavaSparkContext", false, SparkClassPath.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
