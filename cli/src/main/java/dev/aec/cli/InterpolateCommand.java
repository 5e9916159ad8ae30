package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.latent.LatentException;
import dev.aec.runtime.latent.LatentModel;
import dev.aec.runtime.picture.LabelledGrid;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.train.Examples;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec interpolate`: the decoded straight path in latent space between two dataset images. */
@Command(name = "interpolate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Decode the straight line in latent space between two images of a trained run's dataset.",
        description = "Writes one row: image I, the decoded points of the line from I's latent to J's latent "
                + "(the first and last are the reconstructions of I and J), then image J.",
        footerHeading = "%nExamples:%n",
        footer = {"  aec interpolate runs/vae --from 0 --to 1", "  aec interpolate runs/conv --from 3 --to 17 --steps 12"})
final class InterpolateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

    @Option(names = "--from", paramLabel = "I", required = true, description = "Index of the first image in the split.")
    int from;

    @Option(names = "--to", paramLabel = "J", required = true, description = "Index of the last image in the split.")
    int to;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "10",
            description = "Decoded images along the line, both ends included. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Mixin
    PictureOutput picture;

    @Mixin
    RunDataOptions data;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (steps < 2 || steps > 100) {
                throw new IllegalArgumentException("--steps must be between 2 and 100, found " + steps);
            }
            data.split();
            Path target = picture.target(run, "interpolate-" + data.split + "-" + from + "-" + to + ".png");
            if (picture.refuses(target, err)) {
                return ExitCode.USAGE;
            }
            SavedRun saved = SavedRun.load(run);
            RunNotes.print(saved, err);
            LatentModel latent = LatentModel.of(saved);
            Dataset set = data.read(RunDataOptions.namedDataset(saved.spec(), "interpolate"), new TrainingProgress(err, false, false));
            for (int index : new int[] {from, to}) {
                if (index < 0 || index >= set.count()) {
                    throw new IllegalArgumentException("image " + index + " is out of range: the " + data.split
                            + " split has " + set.count() + " images, numbered 0 to " + (set.count() - 1));
                }
            }
            Examples examples = Examples.of(set, saved.model().graph().input());
            INDArray ends = examples.batch(new int[] {from, to});
            INDArray z = latent.encode(ends);
            INDArray path = Nd4j.create(z.dataType(), steps, latent.size());
            List<String> columns = new ArrayList<>();
            columns.add("image " + from);
            for (int k = 0; k < steps; k++) {
                double t = (double) k / (steps - 1);
                path.putRow(k, z.getRow(0).mul(1 - t).add(z.getRow(1).mul(t)));
                columns.add(String.format(Locale.ROOT, "%.2f", t));
            }
            columns.add("image " + to);
            INDArray decoded = latent.decode(path);
            float[][] row = new float[steps + 2][];
            row[0] = Pictures.image(ends, 0);
            for (int k = 0; k < steps; k++) {
                row[k + 1] = Pictures.image(decoded, k);
            }
            row[steps + 1] = Pictures.image(ends, 1);
            String title = String.format(Locale.ROOT, "%s: %s images %d (digit %d) to %d (digit %d), decoded along "
                    + "the line between their latents", saved.record().model(), data.split, from, set.label(from), to,
                    set.label(to));
            PictureOutput.write(target, o -> new LabelledGrid(28, 28, 3).writePng(title, new float[][][] {row},
                    List.of(), columns, o));
            out.println(target);
            return ExitCode.OK;
        } catch (IllegalArgumentException | RunException | DataException | LatentException e) {
            return RunDataOptions.report(e, err);
        }
    }
}
