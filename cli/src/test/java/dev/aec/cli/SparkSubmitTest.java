package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar for spark-submit, aec-spark-app.jar, run as the spark-submit script runs an
 * application: by Spark's `SparkSubmit` with Spark's jars alone on the class path, so that aec and
 * everything it needs come from the jar, and Spark's own classes (its Jackson among them) win where
 * both have one, as on a cluster. The driver runs here (client mode) on a local master.
 */
class SparkSubmitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theApplicationJarTrainsUnderSparkSubmit() throws Exception {
        Path app = CliRun.repo().resolve("cli/target/aec-spark-app.jar");
        assumeTrue(Files.isRegularFile(app), "cli/target/aec-spark-app.jar is not built; "
                + "`mvn -q package -DskipTests -pl cli -am -Pspark-app` builds it");
        assumeTrue(Files.isDirectory(SparkJvm.sparkLib()), "Spark's jars are copied to spark/target/spark-lib by "
                + "the spark module's package phase, which has not run in this build");
        Path data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 600),
                TestData.mnist(Split.TEST, 100));
        Path out = tmp.resolve("run");
        Path log = tmp.resolve("submit.log");

        // The driver's heap is spark-submit's default --driver-memory.
        ProcessBuilder submit = SparkJvm.builder(List.of("-Xmx1g", "-cp", SparkJvm.sparkLib() + File.separator + "*",
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--class", Main.class.getName(),
                app.toString(), "train", CliRun.model("dense_autoencoder.aemodel"), "--data", data.toString(),
                "--no-verify", "--epochs", "1", "--spark", "--out", out.toString()), log);
        // Nothing of a Spark installation is needed: no SPARK_HOME, no configuration directory.
        submit.environment().remove("SPARK_HOME");
        submit.environment().remove("SPARK_CONF_DIR");
        int code = SparkJvm.waitFor(submit.start());
        String output = Files.readString(log);

        assertThat(code).as(output).isEqualTo(ExitCode.OK);
        JsonNode record = JSON.readTree(out.resolve(RunDirectory.RECORD).toFile());
        assertThat(record.get("status").asText()).isEqualTo("finished");
        assertThat(record.get("epochs")).hasSize(1);
        assertThat(record.get("aecVersion").asText()).as("the version from the jar's manifest")
                .isEqualTo(System.getProperty("aec.expectedVersion"));
        assertThat(out.resolve(RunDirectory.MODEL)).exists();
        assertThat(out.resolve(RunDirectory.PICTURE)).exists();
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        // JavaCPP reads the version of each native library from its jar's Maven metadata, and warns
        // when an application jar has dropped it.
        assertThat(output).as("no warning").doesNotContain("Warning:");
        assertThat(output).contains("test loss:");
    }
}
