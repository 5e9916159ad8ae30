package dev.aec.compiler.resolve;

import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Noise;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.model.Retention;
import dev.aec.compiler.model.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The words a train setting's value starts with, each with what it means and how it is written, for
 * editors that offer and explain them. Made from the tables the resolvers read (losses, optimizers,
 * datasets, file formats, schedules, checkpoint rules), so an editor never offers a word the resolver
 * rejects. Numeric settings (`batch`, `epochs`, `seed`) have none.
 */
public final class SettingValues {
    private SettingValues() {
    }

    /**
     * One word: `example` is how it is written (the word itself when it takes nothing),
     * `needsArguments` is true when the word alone is an error (`images` without its folder), and
     * `parameters` are the names its argument list takes, in documentation order.
     */
    public record Value(String word, String summary, String example, boolean needsArguments,
                        List<String> parameters) {
        public Value {
            parameters = List.copyOf(parameters);
        }

        Value(String word, String summary, String example, boolean needsArguments) {
            this(word, summary, example, needsArguments, List.of());
        }

        /** True when the word may be followed by an argument list. */
        public boolean takesArguments() {
            return !example.equals(word);
        }
    }

    /** The words of `setting`'s value in documentation order; empty for a numeric or unknown setting. */
    public static List<Value> of(String setting) {
        return switch (setting) {
            case "data" -> data(false);
            case "validation", "test" -> withNone(data(true), "no " + setting + " loss");
            case "loss" -> Arrays.stream(Loss.values())
                    .map(l -> new Value(l.keyword(), l.summary(), l.keyword(), false)).toList();
            case "reduction" -> Arrays.stream(Reduction.values())
                    .map(r -> new Value(r.keyword(), r.summary(), r.keyword(), false)).toList();
            case "optimizer" -> Arrays.stream(OptimizerKind.values()).map(SettingValues::optimizer).toList();
            case "shuffle" -> List.of(new Value(ValueReader.TRUE, "reshuffle every epoch", ValueReader.TRUE, false),
                    new Value(ValueReader.FALSE, "keep the data's order", ValueReader.FALSE, false));
            case "noise" -> withNone(List.of(
                    new Value(Noise.KINDS.get(0), "adds `stddev` times a standard normal draw to every pixel, as "
                            + "Keras's `GaussianNoise`", Noise.KINDS.get(0) + "(0.5)", true,
                            List.of(NoiseReader.PARAMETERS.get(Noise.KINDS.get(0)))),
                    new Value(Noise.KINDS.get(1), "sets a `rate` share of the pixels to 0 or 1",
                            Noise.KINDS.get(1) + "(0.1)", true,
                            List.of(NoiseReader.PARAMETERS.get(Noise.KINDS.get(1))))), "clean inputs");
            case "early_stop" -> withNone(List.of(new Value(ControlReader.PATIENCE, "stops when the monitored loss "
                    + "has not improved for `patience` epochs, as Keras's `EarlyStopping`",
                    ControlReader.PATIENCE + "(5, min_delta: 0, restore_best: true)", false,
                    ControlReader.PARAMETERS.get(ControlReader.PATIENCE))), "train every epoch");
            case "lr_schedule" -> withNone(Arrays.stream(Schedule.Kind.values())
                    .map(k -> new Value(k.keyword(), k.summary(), scheduleExample(k), false,
                            ControlReader.PARAMETERS.get(k.keyword()))).toList(),
                    "the optimizer's learning rate throughout");
            case "checkpoint" -> Arrays.stream(Retention.Kind.values())
                    .map(k -> k == Retention.Kind.EVERY
                            ? new Value(k.keyword(), k.summary(), k.keyword() + "(5)", true,
                                    ControlReader.PARAMETERS.get(k.keyword()))
                            : new Value(k.keyword(), k.summary(), k.keyword(), false)).toList();
            default -> List.of();
        };
    }

    /** The word `word` of `setting`'s value, when it is one. */
    public static Optional<Value> find(String setting, String word) {
        return of(setting).stream().filter(v -> v.word().equals(word)).findFirst();
    }

    /** Named datasets, then the user's files; `heldOut` adds the share of the training data. */
    private static List<Value> data(boolean heldOut) {
        List<Value> values = new ArrayList<>();
        for (Datasets.Info info : Datasets.ALL) {
            values.add(new Value(info.name(), info.description() + ", " + String.format(java.util.Locale.ROOT,
                    "%,d training and %,d test samples of %s; `%s.%s` for the test split", info.trainCount(),
                    info.testCount(), info.sampleShape(), info.name(), DataRef.Split.TEST.keyword()),
                    info.name(), false));
        }
        for (DataSource.Format format : DataSource.Format.values()) {
            List<String> options = DataSourceReader.OPTIONS.get(format);
            values.add(switch (format) {
                case IMAGES -> new Value(format.keyword(), "every PNG, JPEG, BMP and GIF under a folder, at one size",
                        format.keyword() + "(\"DIR\", size: 28x28x1)", true, options);
                case CSV -> new Value(format.keyword(), "a numeric table, one sample per row",
                        format.keyword() + "(\"FILE.csv\")", true, options);
                case NPY -> new Value(format.keyword(), "a NumPy array of shape [N, ...], or one array of an `.npz`",
                        format.keyword() + "(\"FILE.npy\")", true, options);
                case IDX -> new Value(format.keyword(), "an IDX file as MNIST's, plain or gzipped",
                        format.keyword() + "(\"FILE.idx\")", true, options);
            });
        }
        if (heldOut) {
            values.add(new Value(DataSourceReader.SPLIT, "a share of the training data, chosen with the seed and held out of it",
                    DataSourceReader.SPLIT + "(0.1)", true, DataSourceReader.SPLIT_OPTIONS));
        }
        return values;
    }

    private static List<Value> withNone(List<Value> values, String meaning) {
        List<Value> all = new ArrayList<>(values);
        all.add(new Value(TrainResolver.NONE, meaning, TrainResolver.NONE, false));
        return List.copyOf(all);
    }

    private static Value optimizer(OptimizerKind kind) {
        double learningRate = kind.defaults().get("learning_rate");
        String rate = learningRate == Math.rint(learningRate) ? Long.toString((long) learningRate)
                : Double.toString(learningRate);
        return new Value(kind.keyword(), kind.summary(), kind.keyword() + "(learning_rate: " + rate + ")", false,
                List.copyOf(kind.defaults().keySet()));
    }

    private static String scheduleExample(Schedule.Kind kind) {
        return switch (kind) {
            case STEP -> "step(every: 10, factor: 0.5)";
            case EXPONENTIAL -> "exponential(decay: 0.96, every: 1000)";
            case COSINE -> "cosine(epochs: 20)";
            case ON_PLATEAU -> "on_plateau(patience: 10, factor: 0.1)";
        };
    }
}
