package dev.aec.cli;

import dev.aec.compiler.model.Datasets;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.picture.ImageFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec export`: a named dataset written out as a folder of PNG files, one sub-folder per class. */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Write a named dataset's images as PNG files in one folder per class, as your own images would be.",
        description = {"A quick way to try `images(\"DIR\", size: 28x28x1)` before your own images are at hand, and to "
                + "see what a dataset holds. Class folders are named after the dataset's classes (fashion_mnist: "
                + "t-shirt, trouser, ...; mnist: 0 to 9)."},
        footerHeading = "%nExamples:%n",
        footer = {"  aec export fashion_mnist clothes/train --n 6000",
            "  aec export fashion_mnist clothes/test --split test --n 1000",
            "  aec export mnist digits --data ~/datasets/mnist"})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "mnist or fashion_mnist.")
    String dataset;

    @Parameters(index = "1", paramLabel = "DIR", description = "The folder to create; it must not exist yet.")
    Path directory;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "train",
            description = "train or test. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--n", paramLabel = "N", description = "Write the first N images only. Default: all of the split.")
    Integer n;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            java.util.Optional<Datasets.Info> info = Datasets.find(dataset);
            if (info.isEmpty()) {
                throw new IllegalArgumentException("unknown dataset `" + dataset + "`; datasets: "
                        + String.join(", ", Datasets.names()));
            }
            if (!split.equals("train") && !split.equals("test")) {
                throw new IllegalArgumentException("--split must be train or test, found " + split);
            }
            if (n != null && n < 1) {
                throw new IllegalArgumentException("--n must be at least 1, found " + n);
            }
            if (Files.exists(directory)) {
                err.println("aec: error: " + directory + " already exists; export into a new folder");
                return ExitCode.USAGE;
            }
            Dataset set = data.read(dataset, split.equals("train") ? Split.TRAIN : Split.TEST,
                    new TrainingProgress(err, false, false));
            int count = n == null ? set.count() : Math.min(n, set.count());
            List<String> classes = info.get().classNames();
            // Written aside and moved into place, so a failure leaves no folder that looks complete.
            Path partial = directory.toAbsolutePath().resolveSibling(directory.getFileName() + ".partial");
            try {
                ImageFiles.writeGreyFolder(partial, set.images(), set.shape().height(), set.shape().width(), count,
                        i -> classes.get(set.label(i)) + "/" + String.format(Locale.ROOT, "%05d.png", i));
                Files.move(partial, directory);
            } catch (IOException e) {
                ImageFiles.deleteTree(partial);
                throw e;
            }
            out.printf(Locale.ROOT, "%,d %s %s images in %s%n", count, dataset, split, directory);
            return ExitCode.OK;
        } catch (IllegalArgumentException e) {
            err.println("aec: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (DataException e) {
            return RunDataOptions.report(e, err);
        } catch (IOException e) {
            err.println("aec: error: cannot write " + directory + ": " + ModelFiles.reason(e));
            return ExitCode.ENVIRONMENT;
        }
    }
}
