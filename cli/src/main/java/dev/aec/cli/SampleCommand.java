package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.latent.Judge;
import dev.aec.runtime.latent.LatentDistribution;
import dev.aec.runtime.latent.LatentException;
import dev.aec.runtime.latent.LatentModel;
import dev.aec.runtime.picture.LabelledGrid;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.run.TrainedClassifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec sample`: new images decoded from random latents, and how many of them a classifier recognises. */
@Command(name = "sample",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Decode random latent vectors of a trained run into a grid of new images.",
        description = {"A VAE's latents are drawn from its prior N(0, I). A plain autoencoder has no prior, so "
                + "its latents are drawn from a normal fitted to the latents of training images (each dimension "
                + "its own mean and standard deviation; no correlations). The tutorial's point shows: what a plain "
                + "autoencoder decodes from there is mostly blobs.",
            "With --judge, a trained classifier run counts the samples it assigns to one digit with "
                + "probability above 0.9."},
        footerHeading = "%nExamples:%n",
        footer = {"  aec sample runs/Autoencoder-20261124-101500",
            "  aec sample runs/vae --n 1000 --seed 7 --judge runs/classifier -o vae-1000.png"})
final class SampleCommand implements Callable<Integer> {
    static final double CONFIDENT = 0.9;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

    @Option(names = "--n", paramLabel = "N", defaultValue = "64",
            description = "How many samples. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the random latents; the same seed gives the same picture. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--prior", description = "Sample from the prior N(0, I); only a VAE has one (the default for a VAE).")
    boolean prior;

    @Option(names = "--fit-on", paramLabel = "N", defaultValue = "10000",
            description = "How many training images the normal of a plain autoencoder is fitted to. Default: ${DEFAULT-VALUE}.")
    int fitOn;

    @Option(names = "--judge", paramLabel = "CLASSIFIER_RUN",
            description = "A trained classifier run (such as one of models/mnist_classifier.aemodel) to judge the samples.")
    Path judge;

    @Mixin
    PictureOutput picture;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (n < 1 || n > 10_000) {
                throw new IllegalArgumentException("--n must be between 1 and 10000, found " + n);
            }
            if (fitOn < 2) {
                throw new IllegalArgumentException("--fit-on must be at least 2, found " + fitOn);
            }
            Path target = picture.target(run, "samples-" + n + "-seed" + seed + ".png");
            if (picture.refuses(target, err)) {
                return ExitCode.USAGE;
            }
            SavedRun saved = SavedRun.load(run);
            RunNotes.print(saved, err);
            LatentModel latent = LatentModel.of(saved);
            Judge judgeModel = judge == null ? null
                    : Judge.of(TrainedClassifier.load(judge).run().model(), saved.model().graph().output());
            LatentDistribution distribution = SampleSource.of(run, saved, latent, prior, fitOn, data, err);
            INDArray images = latent.decode(distribution.sample(n, seed));
            // The lambda captures only plain values: picocli reflects on this class's methods, lambdas
            // included, and a parameter of an ND4J type would load ND4J even for `aec check`.
            String title = String.format(Locale.ROOT, "%s: %,d decoded draws from %s, seed %d",
                    saved.record().model(), n, distribution.title(), seed);
            float[][][] grid = Pictures.grid(images, Pictures.columns(n));
            int scale = n <= 100 ? 2 : 1;
            PictureOutput.write(target, o -> new LabelledGrid(28, 28, scale).writePng(title, grid, List.of(),
                    List.of(), o));
            out.println(target);
            out.println("sampled from " + distribution.describe());
            if (judgeModel != null) {
                Judge.Verdict v = judgeModel.judge(images, CONFIDENT);
                out.printf(Locale.ROOT, "judged by %s: %,d of %,d samples (%.1f%%) classified with confidence > %s%n",
                        judge, v.confident(), v.total(), 100 * v.share(), CONFIDENT);
            }
            return ExitCode.OK;
        } catch (IllegalArgumentException | RunException | DataException | LatentException e) {
            return RunDataOptions.report(e, err);
        }
    }
}
