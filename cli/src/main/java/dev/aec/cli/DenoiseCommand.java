package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.compiler.model.Noise;
import dev.aec.runtime.latent.LatentException;
import dev.aec.runtime.picture.LabelledGrid;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.train.Evaluator;
import dev.aec.runtime.train.InputNoise;
import dev.aec.runtime.train.Examples;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec denoise`: noisy images, the run's outputs for them, and the clean originals. */
@Command(name = "denoise",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Draw noisy images, a trained run's denoised outputs, and the clean originals, in three rows.",
        description = "The noise is --noise, else the run's own training noise (its train block's `noise:`), "
                + "else the Keras tutorial's gaussian(0.5). Prints the mean squared error against the clean images "
                + "before and after.",
        footerHeading = "%nExamples:%n",
        footer = {"  aec denoise runs/denoiser", "  aec denoise runs/denoiser --noise 'salt_and_pepper(0.2)' --n 8 --seed 3"})
final class DenoiseCommand implements Callable<Integer> {
    static final String DEFAULT_NOISE = "gaussian(0.5)";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

    @Option(names = "--n", paramLabel = "N", defaultValue = "10",
            description = "How many images, from the start of the split. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--noise", paramLabel = "NOISE",
            description = "gaussian(STDDEV) (added, then clipped to [0, 1]) or salt_and_pepper(RATE), as in a train "
                    + "block. Default: the run's training noise, else " + DEFAULT_NOISE + ".")
    String noise;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the noise. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    PictureOutput picture;

    @Mixin
    RunDataOptions data;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException("--n must be between 1 and 100, found " + n);
            }
            data.split();
            Optional<Noise> given = noise == null ? Optional.empty() : Optional.of(NoiseOption.parse(noise));
            Path target = picture.target(run, "denoise-" + data.split + "-" + n + "-seed" + seed + ".png");
            if (picture.refuses(target, err)) {
                return ExitCode.USAGE;
            }
            SavedRun saved = SavedRun.load(run);
            RunNotes.print(saved, err);
            if (!saved.model().graph().output().equals(saved.model().graph().input())) {
                throw new LatentException("model `" + saved.record().model() + "` of run " + run + " maps "
                        + saved.model().graph().input() + " to " + saved.model().graph().output()
                        + "; denoising needs an autoencoder, whose output is an image like its input");
            }
            Optional<Noise> trained = saved.spec().noise();
            Noise chosen = given.isPresent() ? given.get()
                    : trained.isPresent() ? trained.get() : NoiseOption.parse(DEFAULT_NOISE);
            Examples examples = RunExamples.examples(data, saved, new TrainingProgress(err, false, false)).examples();
            int count = Math.min(n, examples.count());
            INDArray clean = examples.range(0, count);
            INDArray noisy = InputNoise.of(Optional.of(chosen)).apply(clean, seed);
            INDArray denoised = Evaluator.reconstruct(saved.model(), noisy);
            float[][][] rows = new float[3][count][];
            for (int i = 0; i < count; i++) {
                rows[0][i] = Pictures.image(noisy, i);
                rows[1][i] = Pictures.image(denoised, i);
                rows[2][i] = Pictures.image(clean, i);
            }
            String title = String.format(Locale.ROOT, "%s on %s images with noise %s (seed %d)",
                    saved.record().model(), data.split, chosen, seed);
            PictureOutput.write(target, o -> new LabelledGrid(28, 28, 3).writePng(title, rows,
                    List.of("noisy", "denoised", "original"), List.of(), o));
            out.println(target);
            out.printf(Locale.ROOT, "noise %s; mean squared error against the clean images: noisy %.4f, denoised %.4f%n",
                    chosen, Pictures.meanSquaredError(noisy, clean),
                    Pictures.meanSquaredError(denoised, clean));
            return ExitCode.OK;
        } catch (IllegalArgumentException | RunException | DataException | LatentException e) {
            return RunDataOptions.report(e, err);
        }
    }
}
