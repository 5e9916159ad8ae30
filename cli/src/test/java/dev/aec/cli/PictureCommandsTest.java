package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `aec sample`, `interpolate`, `latent` and `denoise` on tiny runs trained once on a small slice:
 * the tutorial's conv autoencoder, a dense one with a 2-D latent, and a model with no latent.
 */
class PictureCommandsTest {
    private static final String TWO_D = """
            model Encoder : 784 -> 2 {
              dense(32, activation: relu)
              dense(2)
            }
            model Decoder : 2 -> 784 {
              dense(32, activation: relu)
              dense(784, activation: sigmoid)
            }
            model Autoencoder : 784 -> 784 {
              Encoder
              Decoder
            }
            train Autoencoder {
              data: mnist
              loss: binary_crossentropy
              optimizer: adam
            }
            """;
    private static final String FLAT = """
            model Flat : 784 -> 784 {
              dense(16, activation: relu)
              dense(784, activation: sigmoid)
            }
            train Flat {
              data: mnist
              loss: binary_crossentropy
              optimizer: adam
            }
            """;

    private static final String VAE = """
            model Encoder : 784 -> 2 {
              dense(32, activation: relu)
              gaussian(2)
            }
            model Decoder : 2 -> 784 {
              dense(32, activation: relu)
              dense(784, activation: sigmoid)
            }
            model Vae : 784 -> 784 {
              Encoder
              Decoder
            }
            train Vae {
              data: mnist
              loss: binary_crossentropy
              reduction: sum
              optimizer: adam
            }
            """;
    private static final String CLASSIFIER = """
            model Classifier : 28x28x1 -> 10 {
              flatten
              dense(32, activation: relu)
              dense(10, activation: softmax)
            }
            train Classifier {
              data: mnist
              loss: categorical_crossentropy
              optimizer: adam
            }
            """;
    private static final String DENOISER = """
            model Encoder : 784 -> 16 {
              dense(16, activation: relu)
            }
            model Decoder : 16 -> 784 {
              dense(784, activation: sigmoid)
            }
            model Denoiser : 784 -> 784 {
              Encoder
              Decoder
            }
            train Denoiser {
              data: mnist
              loss: binary_crossentropy
              optimizer: adam
              noise: salt_and_pepper(rate: 0.3)
            }
            """;

    @TempDir
    static Path shared;

    static Path data;
    static Path conv;
    static Path twoD;
    static Path flat;
    static Path vae;
    static Path classifier;
    static Path denoiser;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainTinyRuns() throws IOException {
        data = TestData.writeIdx(shared.resolve("data"), TestData.mnist(Split.TRAIN, 200),
                TestData.mnist(Split.TEST, 50));
        conv = train(CliRun.model("conv_autoencoder.aemodel"), "conv");
        twoD = train(write("two_d.aemodel", TWO_D), "two-d");
        flat = train(write("flat.aemodel", FLAT), "flat");
        vae = train(write("vae.aemodel", VAE), "vae");
        classifier = train(write("classifier.aemodel", CLASSIFIER), "classifier");
        denoiser = train(write("denoiser.aemodel", DENOISER), "denoiser");
    }

    private static String write(String name, String source) throws IOException {
        return Files.writeString(shared.resolve(name), source).toString();
    }

    private static Path train(String model, String name) {
        Path out = shared.resolve(name);
        CliRun run = CliRun.of("train", model, "--data", data.toString(), "--no-verify", "--batch", "50",
                "--epochs", "1", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        return out;
    }

    private static CliRun aec(String command, Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, run.toString(), "--data", data.toString(), "--no-verify"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static BufferedImage png(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file + " is a PNG").isNotNull();
        return image;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample", "interpolate", "latent", "denoise"})
    void everyPictureCommandHasHelpWithAnExample(String command) {
        CliRun run = CliRun.of(command, "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Usage: aec " + command).contains("Examples:").contains("--force");
    }

    @Test
    void sampleDrawsAGridFromANormalFittedToTheTrainingLatents() throws IOException {
        Path out = tmp.resolve("samples.png");
        CliRun run = aec("sample", conv, "--n", "12", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).startsWith(out.toString()).contains("diagonal covariance")
                .contains("latents of 200 training images");
        BufferedImage image = png(out);
        // 12 samples: 4 per row, 3 rows, each 56 pixels high.
        assertThat(image.getHeight()).isGreaterThan(3 * 56).isLessThan(4 * 56 + 60);
    }

    @Test
    void sameSeedGivesTheSamePngBytesAndAnotherSeedAnotherPicture() throws IOException {
        Path a = tmp.resolve("a.png");
        Path b = tmp.resolve("b.png");
        Path c = tmp.resolve("c.png");
        assertThat(aec("sample", conv, "--n", "9", "--seed", "5", "-o", a.toString()).exitCode()).isZero();
        assertThat(aec("sample", conv, "--n", "9", "--seed", "5", "-o", b.toString()).exitCode()).isZero();
        assertThat(aec("sample", conv, "--n", "9", "--seed", "6", "-o", c.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    }

    @Test
    void priorOfAPlainAutoencoderIsAModelError() {
        CliRun run = aec("sample", conv, "--prior", "-o", tmp.resolve("p.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains("plain autoencoder").contains("no prior").contains("gaussian(N)")
                .doesNotContain("Exception");
        assertThat(tmp.resolve("p.png")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample", "interpolate", "latent", "denoise"})
    void existingOutputIsLeftAloneWithoutForceAndReplacedWithIt(String command) throws IOException {
        Path out = Files.writeString(tmp.resolve("mine.png"), "mine");
        List<String> extra = new ArrayList<>(List.of("-o", out.toString()));
        if (command.equals("interpolate")) {
            extra.addAll(List.of("--from", "0", "--to", "1"));
        }
        if (command.equals("latent")) {
            extra.add("--pca");
        }
        CliRun refused = aec(command, conv, extra.toArray(String[]::new));
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("already exists").contains("--force");
        assertThat(out).hasContent("mine");
        extra.add("--force");
        CliRun forced = aec(command, conv, extra.toArray(String[]::new));
        assertThat(forced.exitCode()).as(forced.err()).isEqualTo(ExitCode.OK);
        png(out);
    }

    @Test
    void interpolateDrawsOneRowFromImageToImage() throws IOException {
        Path out = tmp.resolve("path.png");
        CliRun run = aec("interpolate", twoD, "--from", "3", "--to", "7", "--steps", "6", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        BufferedImage image = png(out);
        // Eight images (two originals, six decoded) of 84 pixels in one row.
        assertThat(image.getWidth()).isGreaterThan(8 * 84).isLessThan(9 * 84);
        assertThat(image.getHeight()).isLessThan(2 * 84);
    }

    @Test
    void interpolateIndexOutOfRangeSaysWhatTheRangeIs() {
        CliRun run = aec("interpolate", conv, "--from", "0", "--to", "50", "-o", tmp.resolve("x.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("image 50 is out of range").contains("numbered 0 to 49");
        assertThat(tmp.resolve("x.png")).doesNotExist();
    }

    @Test
    void latentOfATwoDimensionalModelNeedsNoPca() throws IOException {
        Path out = tmp.resolve("latent.png");
        CliRun run = aec("latent", twoD, "--grid", "10", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        BufferedImage image = png(out);
        assertThat(image.getWidth()).isGreaterThan(image.getHeight());
    }

    @Test
    void scatterOfALargerLatentWithoutPcaSaysToAddIt() {
        CliRun run = aec("latent", conv, "-o", tmp.resolve("l.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("4x4x8 (128 values)").contains("add --pca");
        assertThat(tmp.resolve("l.png")).doesNotExist();
    }

    @Test
    void scatterOfAThreeDimensionalVaeLatentWithoutPcaSaysToAddIt() throws IOException {
        Path vae3 = train(write("vae3.aemodel", VAE.replace("gaussian(2)", "gaussian(3)")
                .replace("784 -> 2", "784 -> 3").replace("2 -> 784", "3 -> 784")), "vae3-" + tmp.getFileName());
        CliRun run = aec("latent", vae3, "-o", tmp.resolve("l3.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("is 3 (3 values)").contains("add --pca");
        assertThat(tmp.resolve("l3.png")).doesNotExist();
        CliRun pca = aec("latent", vae3, "--pca", "--grid", "6", "-o", tmp.resolve("l3.png").toString());
        assertThat(pca.exitCode()).as(pca.err()).isEqualTo(ExitCode.OK);
        png(tmp.resolve("l3.png"));
    }

    @Test
    void latentWithPcaDrawsAnyLatent() throws IOException {
        Path out = tmp.resolve("pca.png");
        CliRun run = aec("latent", conv, "--pca", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        png(out);
    }

    @Test
    void denoiseDrawsThreeRowsAndReportsTheErrorsBeforeAndAfter() throws IOException {
        Path out = tmp.resolve("denoise.png");
        CliRun run = aec("denoise", conv, "--n", "5", "--noise", "salt_and_pepper(0.1)", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).containsPattern("noisy 0\\.\\d{4}, denoised 0\\.\\d{4}");
        BufferedImage image = png(out);
        assertThat(image.getHeight()).isGreaterThan(3 * 84).isLessThan(4 * 84);
    }

    @Test
    void malformedNoiseIsAUsageError() {
        CliRun run = aec("denoise", conv, "--noise", "gauss(1)", "-o", tmp.resolve("d.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("gaussian(STDDEV) or salt_and_pepper(RATE)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample", "latent", "denoise"})
    void missingRunDirectoryIsAClearError(String command) {
        CliRun run = aec(command, tmp.resolve("nowhere"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("no run directory").doesNotContain("Exception");
    }

    @Test
    void damagedRunRecordIsAClearError() throws IOException {
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(conv.resolve(RunDirectory.SOURCE), broken.resolve(RunDirectory.SOURCE));
        Files.writeString(broken.resolve(RunDirectory.RECORD), "{ not json");
        CliRun run = aec("sample", broken);
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("run.json is damaged").doesNotContain("Exception");
    }

    @Test
    void modelWithoutALatentSaysHowToWriteOne() {
        CliRun run = aec("sample", flat, "-o", tmp.resolve("f.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains("model `Flat` has no latent").contains("{ Encoder  Decoder }");
    }

    @Test
    void vaeSamplesFromItsPriorWithOrWithoutBeingAsked() throws IOException {
        for (String flag : List.of("--n", "--prior")) {
            Path out = tmp.resolve("vae" + flag + ".png");
            List<String> args = new ArrayList<>(List.of("--n", "4", "-o", out.toString()));
            if (flag.equals("--prior")) {
                args.add(flag);
            }
            CliRun run = aec("sample", vae, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("sampled from the prior N(0, I) of the 2-dimensional latent");
            png(out);
        }
    }

    @Test
    void vaeLatentIsDrawnOnItsOwnAxesWithoutPca() throws IOException {
        Path out = tmp.resolve("vae-latent.png");
        CliRun run = aec("latent", vae, "--grid", "8", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        png(out);
    }

    @Test
    void judgeCountsTheSamplesAClassifierIsSureAbout() {
        CliRun run = aec("sample", conv, "--n", "20", "--judge", classifier.toString(), "-o",
                tmp.resolve("judged.png").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).containsPattern("judged by .*: \\d+ of 20 samples \\(\\d+\\.\\d%\\) classified with "
                + "confidence > 0\\.9");
    }

    @Test
    void judgeThatIsNotAClassifierIsRefused() {
        CliRun run = aec("sample", conv, "--n", "4", "--judge", twoD.toString(), "-o", tmp.resolve("j.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("not a classifier");
        assertThat(tmp.resolve("j.png")).doesNotExist();
    }

    @Test
    void denoiseUsesTheRunsOwnTrainingNoiseUnlessToldOtherwise() {
        CliRun own = aec("denoise", denoiser, "--n", "3", "-o", tmp.resolve("own.png").toString());
        assertThat(own.exitCode()).as(own.err()).isEqualTo(ExitCode.OK);
        assertThat(own.out()).contains("noise salt_and_pepper(rate: 0.3);");
        CliRun told = aec("denoise", denoiser, "--n", "3", "--noise", "gaussian(0.2)", "-o",
                tmp.resolve("told.png").toString());
        assertThat(told.out()).contains("noise gaussian(stddev: 0.2);");
        CliRun plain = aec("denoise", conv, "--n", "3", "-o", tmp.resolve("plain.png").toString());
        assertThat(plain.out()).contains("noise gaussian(stddev: 0.5);");
    }

    @Test
    void denoisingAClassifierIsAModelError() {
        CliRun run = aec("denoise", classifier, "-o", tmp.resolve("c.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains("maps 28x28x1 to 10").contains("needs an autoencoder");
    }
}
