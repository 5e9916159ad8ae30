package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.latent.LatentException;
import dev.aec.runtime.latent.LatentModel;
import dev.aec.runtime.latent.LatentPlane;
import dev.aec.runtime.picture.LatentFigure;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.train.Examples;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec latent`: where a run puts the dataset in its latent space, and what it decodes across it. */
@Command(name = "latent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Draw a trained run's latent space: the images as points coloured by digit, and decoded images on a grid.",
        description = {"For a 2-D latent the axes are the latent's own; the grid spans [-2, 2] for a VAE (its "
                + "prior's two standard deviations) and two standard deviations around the images' mean otherwise.",
            "A larger latent needs --pca: the plane of the first two principal components of the images' latents, "
                + "the grid two standard deviations along each, the other components at their mean."},
        footerHeading = "%nExamples:%n",
        footer = {"  aec latent runs/vae-2d", "  aec latent runs/Autoencoder-20261124-101500 --pca --n 2000"})
final class LatentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

    @Option(names = "--pca", description = "Draw the first two principal components of the latents (needed above 2-D).")
    boolean pca;

    @Option(names = "--n", paramLabel = "N", defaultValue = "5000",
            description = "How many images of the split to place, from its start. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--grid", paramLabel = "K", defaultValue = "20",
            description = "Decoded images per side of the grid. Default: ${DEFAULT-VALUE}.")
    int grid;

    @Mixin
    PictureOutput picture;

    @Mixin
    RunDataOptions data;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (n < 2) {
                throw new IllegalArgumentException("--n must be at least 2, found " + n);
            }
            if (grid < 2 || grid > 40) {
                throw new IllegalArgumentException("--grid must be between 2 and 40, found " + grid);
            }
            data.split();
            Path target = picture.target(run, "latent-" + data.split + (pca ? "-pca" : "") + ".png");
            if (picture.refuses(target, err)) {
                return ExitCode.USAGE;
            }
            SavedRun saved = SavedRun.load(run);
            RunNotes.print(saved, err);
            LatentModel latent = LatentModel.of(saved);
            if (latent.size() != 2 && !pca) {
                throw new IllegalArgumentException("the latent of model `" + saved.record().model() + "` is "
                        + latent.cut().latentShape() + " (" + latent.size() + " values), and a scatter has 2 axes; "
                        + "add --pca to draw the first two principal components of the latents");
            }
            Dataset set = data.read(RunDataOptions.namedDataset(saved.spec(), "latent"), new TrainingProgress(err, false, false));
            Examples examples = Examples.of(set, saved.model().graph().input());
            int count = Math.min(n, examples.count());
            INDArray z = latent.encode(examples.range(0, count));
            LatentPlane plane = pca ? LatentPlane.principal(z)
                    : latent.variational() ? LatentPlane.priorAxes() : LatentPlane.axesOf(z);
            double[] us = plane.gridU(grid);
            double[] vs = plane.gridV(grid);
            double[] a = new double[grid * grid];
            double[] b = new double[grid * grid];
            for (int r = 0; r < grid; r++) {
                for (int c = 0; c < grid; c++) {
                    a[r * grid + c] = us[c];
                    b[r * grid + c] = vs[r];
                }
            }
            INDArray decoded = latent.decode(plane.lift(a, b));
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = set.label(i);
            }
            var scatter = new LatentFigure.Scatter(plane.project(z), labels);
            var manifold = new LatentFigure.Manifold(Pictures.grid(decoded, grid), us, vs, 28);
            String shape = latent.cut().latentShape().rank() == 1 ? latent.size() + "-D"
                    : latent.cut().latentShape().toString();
            String title = String.format(Locale.ROOT, "%s: %s latent of %,d %s images%s", saved.record().model(), shape,
                    count, data.split, pca ? ", first two principal components" : "");
            String nameU = plane.nameU();
            String nameV = plane.nameV();
            PictureOutput.write(target, o -> new LatentFigure().writePng(title, nameU, nameV, scatter, manifold, o));
            out.println(target);
            return ExitCode.OK;
        } catch (IllegalArgumentException | RunException | DataException | LatentException e) {
            return RunDataOptions.report(e, err);
        }
    }
}
