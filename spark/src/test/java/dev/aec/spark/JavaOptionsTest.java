package dev.aec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * The Java options for Spark live twice, as the pom's `spark.java.options` (the tests' JVM) and as
 * the resource `java-options.txt` (for whatever starts a driver), and both follow Spark's launcher.
 */
class JavaOptionsTest {

    @Test
    void resourceListsThePomsOptions() throws IOException {
        String fromPom = System.getProperty("aec.spark.javaOptions", "");

        assertThat(resource()).isNotEmpty().containsExactlyElementsOf(words(fromPom));
    }

    @Test
    void resourceListsSparksLauncherOptions() throws IOException {
        List<String> spark = words(JavaModuleOptions.defaultModuleOptions()).stream()
                // Only there so that Java 8 starts; see the pom.
                .filter(option -> !option.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .toList();

        assertThat(resource()).containsExactlyInAnyOrderElementsOf(spark);
    }

    @Test
    void testJvmRunsWithEveryOption() throws IOException {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(resource());
    }

    private static List<String> resource() throws IOException {
        try (InputStream in = JavaOptionsTest.class.getResourceAsStream("java-options.txt")) {
            assertThat(in).as("dev/aec/spark/java-options.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
    }

    private static List<String> words(String options) {
        return Arrays.stream(options.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }
}
