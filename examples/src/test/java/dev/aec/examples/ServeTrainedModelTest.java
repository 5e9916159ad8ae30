package dev.aec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.examples.generated.Autoencoder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeTrainedModelTest {
    @Test
    void servesTheWeightsOfARunAndPrintsOneLossPerImage(@TempDir Path dir) throws Exception {
        // No training: the untrained graph saved as a run's model.sd has every variable loadWeights wants.
        Path run = Files.createDirectories(dir.resolve("run"));
        Autoencoder.build(7).save(run.resolve("model.sd").toFile(), false);
        Path images = writeImages(dir.resolve("t10k-images-idx3-ubyte"), 10);

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ServeTrainedModel.main(new String[] {run.toString(), images.toString()});
        } finally {
            System.setOut(stdout);
        }

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.matches("image \\d: per-pixel BCE \\d+[.,]\\d{4}"))).hasSize(8);
        assertThat(out).contains("mean of 8 images");
    }

    private static Path writeImages(Path file, int count) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < count * 28 * 28; i++) {
                out.writeByte((i * 31) % 256);
            }
        }
        return file;
    }
}
