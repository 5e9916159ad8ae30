package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.check.ModelSummary;
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
        int layerWidth = "layer".length();
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
        return out.toString();
    }

    static String train(TrainSpec train, CheckedProgram program) {
        ModelDef def = program.model(train.model()).orElseThrow().def();
        Shape sample = Datasets.find(train.data().dataset()).orElseThrow().sampleShape();
        String feed = switch (DataFit.feed(sample, def.input())) {
            case AS_IS -> sample + " images";
            case DROP_CHANNEL -> sample + " images as " + def.input();
            case FLATTENED -> sample + " images flattened to " + def.input();
            case NONE -> "does not fit";
        };
        StringBuilder out = new StringBuilder();
        out.append("train ").append(train.model()).append('\n');
        out.append("  data        ").append(train.data()).append(" (").append(feed).append(")\n");
        out.append("  loss        ").append(train.loss().keyword())
                .append(train.reduction() == Reduction.SUM ? ", summed over each sample (reduction: sum)" : "").append('\n');
        out.append("  optimizer   ").append(train.optimizer()).append('\n');
        out.append("  batch       ").append(train.batch()).append('\n');
        out.append("  epochs      ").append(train.epochs()).append('\n');
        out.append("  shuffle     ").append(train.shuffle()).append('\n');
        out.append("  validation  ").append(train.validation().map(Object::toString).orElse("none")).append('\n');
        out.append("  seed        ").append(train.seed()).append('\n');
        train.noise().ifPresent(n -> out.append("  noise       ").append(n).append(" on the inputs, targets clean\n"));
        out.append("  memory      ").append(MemoryBudget.line(memory(train, program))).append('\n');
        return out.toString();
    }

    /** The compiler's estimate of what training `train` takes. */
    static TrainingMemory memory(TrainSpec train, CheckedProgram program) {
        return TrainingMemory.estimate(Lowerer.lower(program, train.model()), train);
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
