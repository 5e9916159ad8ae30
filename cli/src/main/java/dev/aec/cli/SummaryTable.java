package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.check.ModelSummary;
import dev.aec.compiler.data.DataProbe;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.ir.TrainingMemory;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.types.DataFit;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** The text tables `aec check` prints: one per model of the checked file, then its train blocks. */
final class SummaryTable {
    private SummaryTable() {
    }

    static String render(Compiler.Result result) {
        CheckedProgram program = result.program().orElseThrow();
        StringBuilder out = new StringBuilder();
        for (ModelDef def : program.program().models()) {
            if (def.span().file() != result.main()) {
                continue;
            }
            CheckedModel model = program.model(def.name()).orElseThrow();
            out.append(table(model, program)).append('\n');
        }
        for (TrainSpec train : program.trains()) {
            if (train.span().file() == result.main()) {
                out.append(train(train, program)).append('\n');
            }
        }
        return out.toString();
    }

    static String table(CheckedModel model, CheckedProgram program) {
        ModelDef def = model.def();
        List<ModelSummary.Row> rows = ModelSummary.flatten(ModelSummary.rows(model, program));
        // As Keras's summary, the trainable and the other values apart, where there are others.
        boolean split = model.nonTrainableParams() > 0;
        int layerWidth = split ? "non-trainable".length() : "layer".length();
        int shapeWidth = "output".length();
        int paramWidth = Math.max("params".length(), grouped(model.totalParams()).length());
        for (ModelSummary.Row row : rows) {
            layerWidth = Math.max(layerWidth, 2 * row.depth() + row.layer().length());
            shapeWidth = Math.max(shapeWidth, row.output().toString().length());
            paramWidth = Math.max(paramWidth, grouped(row.params()).length());
        }
        StringBuilder out = new StringBuilder();
        out.append("model ").append(def.name()).append(" : ").append(def.input()).append(" -> ").append(def.output())
                .append('\n');
        String format = "  %-" + layerWidth + "s  %-" + shapeWidth + "s  %" + paramWidth + "s%n";
        out.append(String.format(Locale.ROOT, format, "layer", "output", "params"));
        out.append("  ").append("-".repeat(layerWidth + shapeWidth + paramWidth + 4)).append('\n');
        for (ModelSummary.Row row : rows) {
            out.append(String.format(Locale.ROOT, format, "  ".repeat(row.depth()) + row.layer(), row.output(),
                    grouped(row.params())));
        }
        out.append("  ").append("-".repeat(layerWidth + shapeWidth + paramWidth + 4)).append('\n');
        out.append(String.format(Locale.ROOT, format, "total", "", grouped(model.totalParams())));
        if (split) {
            out.append(String.format(Locale.ROOT, format, "trainable", "", grouped(model.trainableParams())));
            out.append(String.format(Locale.ROOT, format, "non-trainable", "", grouped(model.nonTrainableParams())));
        }
        return out.toString();
    }

    static String train(TrainSpec train, CheckedProgram program) {
        ModelDef def = program.model(train.model()).orElseThrow().def();
        StringBuilder out = new StringBuilder();
        out.append("train ").append(train.model()).append('\n');
        out.append("  data        ").append(train.data()).append(samples(train.data(), def, program)).append('\n');
        out.append("  loss        ").append(train.loss().keyword())
                .append(train.reduction() == Reduction.SUM ? ", summed over each sample (reduction: sum)" : "").append('\n');
        out.append("  optimizer   ").append(train.optimizer()).append('\n');
        out.append("  batch       ").append(train.batch()).append('\n');
        out.append("  epochs      ").append(train.epochs()).append('\n');
        out.append("  shuffle     ").append(train.shuffle()).append('\n');
        out.append("  validation  ").append(train.validation().map(v -> v + counted(v, program)).orElse("none"))
                .append('\n');
        out.append("  test        ").append(train.test().map(t -> t + counted(t, program)).orElse("none")).append('\n');
        out.append("  seed        ").append(train.seed()).append('\n');
        train.noise().ifPresent(n -> out.append("  noise       ").append(n).append(" on the inputs, targets clean\n"));
        String monitored = train.validation().isPresent() ? "the validation loss" : "the training loss (no validation)";
        train.earlyStop().ifPresent(e -> out.append("  early_stop  ").append(e).append(" on ").append(monitored)
                .append('\n'));
        train.schedule().ifPresent(s -> out.append("  lr_schedule ").append(s)
                .append(s.kind() == dev.aec.compiler.model.Schedule.Kind.ON_PLATEAU ? " on " + monitored : "")
                .append('\n'));
        if (train.retention().kind() != dev.aec.compiler.model.Retention.Kind.LAST || train.keepsBest()) {
            out.append("  checkpoint  ").append(train.retention())
                    .append(train.keepsBest() ? ", keeps best.sd" : "").append('\n');
        }
        out.append("  memory      ").append(MemoryBudget.line(memory(train, program))).append('\n');
        return out.toString();
    }

    /**
     * How the training samples feed the model: " (28x28x1 images flattened to 784)"; for the
     * user's files what a probe found: " (1,200 samples of 64x64x3, 3 classes)", or nothing.
     */
    private static String samples(DataSource data, ModelDef def, CheckedProgram program) {
        Optional<DataProbe.Found> found = program.found(data);
        Optional<Shape> sample = data instanceof DataRef ref
                ? Datasets.find(ref.dataset()).map(Datasets.Info::sampleShape)
                : found.map(DataProbe.Found::sampleShape);
        if (sample.isEmpty()) {
            return "";
        }
        boolean images = data instanceof DataRef;
        String what = images ? sample.get() + " images" : "samples of " + sample.get();
        String feed = switch (DataFit.feed(sample.get(), def.input())) {
            case AS_IS -> what;
            case DROP_CHANNEL -> what + " as " + def.input();
            case FLATTENED -> what + " flattened to " + def.input();
            case NONE -> "does not fit";
        };
        if (found.isEmpty()) {
            return " (" + feed + ")";
        }
        StringBuilder s = new StringBuilder(" (");
        found.get().count().ifPresent(n -> s.append(grouped(n)).append(' '));
        s.append(feed);
        int classes = found.get().classes().size();
        if (classes > 0) {
            s.append(", ").append(classes).append(classes == 1 ? " class" : " classes");
        }
        return s.append(')').toString();
    }

    /** " (300 samples)" when a probe counted the user's files. */
    private static String counted(DataSource source, CheckedProgram program) {
        OptionalInt count = program.probedCount(source);
        return count.isPresent() ? " (" + grouped(count.getAsInt()) + " samples)" : "";
    }

    /** The compiler's estimate of what training `train` takes; the user's files as many as a probe counted. */
    static TrainingMemory memory(TrainSpec train, CheckedProgram program) {
        return TrainingMemory.estimate(Lowerer.lower(program, train.model()), train, OptionalInt.empty(),
                program::probedCount);
    }

    /** {@code 1,904}: what String.format's "%,d" prints, without the locale data its first call loads. */
    static String grouped(long n) {
        String digits = Long.toString(n);
        int sign = n < 0 ? 1 : 0;
        int length = digits.length() - sign;
        StringBuilder out = new StringBuilder(digits.substring(0, sign));
        for (int i = 0; i < length; i++) {
            if (i > 0 && (length - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(sign + i));
        }
        return out.toString();
    }
}
