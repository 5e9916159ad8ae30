package dev.aec.cli;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.source.CsvWriter;
import dev.aec.runtime.data.source.NpyFile;
import dev.aec.runtime.latent.LatentException;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec encode`: the latent of every sample of some data, by a trained autoencoder's encoder. */
@Command(name = "encode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Write the latent (the encoder's output; a VAE's mean) of every sample of PATH, one row each.",
        description = {"Reads PATH as the run's training data was read (same sample shape and scaling) and writes "
                + "one row per sample, in PATH's order: a folder's images sorted by path, a table's rows, an array's "
                + "samples. A CSV starts with a `name` column (the image's file, or `line N` of a table); an NPY holds "
                + "the latents alone, as float32 [samples, latent size]. Without -o the CSV goes to standard output."},
        footerHeading = "%nExamples:%n",
        footer = {"  aec encode runs/photos photos/ -o latents.csv",
            "  aec encode runs/sensors readings.csv -o codes.npy",
            "  aec encode runs/Autoencoder-20261124-101500 t10k-images-idx3-ubyte.gz | head"})
final class EncodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

    @Parameters(index = "1", paramLabel = "PATH",
            description = "A folder of images, or a .csv, .csv.gz, .npy, .npz or IDX file whose samples the run's model takes.")
    Path path;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the latents: a .csv or .npy file. Default: CSV to standard output.")
    Path output;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Mixin
    RunDataOptions data;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            Format format = output == null ? Format.STDOUT : Format.of(output);
            if (output != null && Files.exists(output) && !force) {
                err.println("aec: error: " + output + " already exists; use --force to replace it, or -o to choose another file");
                return ExitCode.USAGE;
            }
            SavedRun saved = SavedRun.load(run);
            RunNotes.print(saved, err);
            if (saved.spec().loss().classifies()) {
                throw new IllegalArgumentException(run + " is a classifier, which has no latent space to encode into");
            }
            RunWork.Encoded encoded = RunWork.encode(saved, data, path, new TrainingProgress(err, false, false));
            switch (format) {
                case NPY -> NpyFile.write(output, Shape.of(encoded.size()), encoded.latents());
                case CSV -> CsvWriter.write(output, header(encoded), rows(encoded));
                case STDOUT -> {
                    out.println(CsvWriter.line(header(encoded)));
                    for (List<String> row : rows(encoded)) {
                        out.println(CsvWriter.line(row));
                    }
                }
            }
            out.flush();
            if (output != null) {
                err.printf(Locale.ROOT, "aec: wrote the %s of %s to %s (%,d x %d)%n",
                        encoded.variational() ? "latent means" : "latents", encoded.description(), output,
                        encoded.count(), encoded.size());
            }
            return ExitCode.OK;
        } catch (IllegalArgumentException | RunException | DataException | LatentException e) {
            return RunDataOptions.report(e, err);
        }
    }

    private enum Format {
        CSV,
        NPY,
        STDOUT;

        static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".npy")) {
                return NPY;
            }
            throw new IllegalArgumentException("-o " + file + ": write the latents to a .csv or .npy file");
        }
    }

    private static List<String> header(RunWork.Encoded encoded) {
        List<String> header = new ArrayList<>();
        header.add("name");
        for (int j = 0; j < encoded.size(); j++) {
            header.add("z" + j);
        }
        return header;
    }

    /** One row per sample: its name, then its latent, each float written so that it reads back exactly. */
    private static List<List<String>> rows(RunWork.Encoded encoded) {
        List<List<String>> rows = new ArrayList<>(encoded.count());
        for (int i = 0; i < encoded.count(); i++) {
            List<String> row = new ArrayList<>(encoded.size() + 1);
            row.add(encoded.names().apply(i));
            for (int j = 0; j < encoded.size(); j++) {
                row.add(Float.toString(encoded.latents()[i * encoded.size() + j]));
            }
            rows.add(row);
        }
        return rows;
    }
}
