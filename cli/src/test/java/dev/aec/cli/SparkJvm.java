package dev.aec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own for a run on Spark, started with the Java options Spark's launcher gives Java 17
 * (java-options.txt) and Spark's address on loopback, its output in a log file.
 */
final class SparkJvm {
    private SparkJvm() {
    }

    /** Spark's jars, which the spark module's package phase copies. */
    static Path sparkLib() {
        return CliRun.repo().resolve("spark/target/spark-lib");
    }

    /** `java` with Spark's options, then `arguments` (class path, main class and its arguments). */
    static ProcessBuilder builder(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(Files.readAllLines(CliRun.repo().resolve("spark/src/main/resources/dev/aec/spark/java-options.txt"))
                .stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The address Spark binds to; without it Spark looks for another interface when the host name
        // resolves to a loopback address, and warns.
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder;
    }

    /** The process's exit code, once it has ended; a process still running after 3 minutes fails the test. */
    static int waitFor(Process process) throws InterruptedException {
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end within 3 minutes");
        }
        return process.exitValue();
    }
}
