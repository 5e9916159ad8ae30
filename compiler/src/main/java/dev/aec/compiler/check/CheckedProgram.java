package dev.aec.compiler.check;

import dev.aec.compiler.data.DataProbe;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Program;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The checker's output: every model with its shapes, the train blocks that passed, and what the
 * data probe found in the user's files (nothing when the compile had no probe).
 */
public record CheckedProgram(Program program, Map<String, CheckedModel> models, List<TrainSpec> trains,
                             Map<DataSource.FileSource, DataProbe.Found> found) {
    public CheckedProgram {
        models = Map.copyOf(models);
        trains = List.copyOf(trains);
        found = Map.copyOf(found);
    }

    public Optional<CheckedModel> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Optional<TrainSpec> train(String model) {
        return trains.stream().filter(t -> t.model().equals(model)).findFirst();
    }

    /** What the probe found in `source`, when it is the user's files and the probe could look. */
    public Optional<DataProbe.Found> found(DataSource source) {
        return source instanceof DataSource.FileSource files ? Optional.ofNullable(found.get(files)) : Optional.empty();
    }

    /** The number of samples in `source` the probe counted, when it did. */
    public OptionalInt probedCount(DataSource source) {
        return found(source).map(DataProbe.Found::count).orElse(OptionalInt.empty());
    }

    /** A node of a model body with the checked model it belongs to, and what the checker found for it. */
    public record NodeAt(CheckedModel model, Node node) {
        /** The node's output shape, {@link Shape#UNKNOWN} after an error. */
        public Shape shape() {
            return model.nodeShapes().get(node.id());
        }

        /** The node's parameter count: a layer's own, a nested model's total. */
        public long params() {
            return model.nodeParams().get(node.id());
        }
    }

    /**
     * The innermost node written at `offset` of `file`: in `Decoder(Encoder(x))` the `Encoder` call
     * when the offset is inside it. Empty between layers and outside model bodies. An editor asks this
     * for the layer under the cursor.
     */
    public Optional<NodeAt> nodeAt(SourceFile file, int offset) {
        NodeAt best = null;
        for (CheckedModel model : models.values()) {
            Span body = model.def().span();
            if (body.file() != file || offset < body.start() || offset >= body.end()) {
                continue;
            }
            for (Node node : model.def().nodes()) {
                Span span = node.span();
                boolean holds = span.file() == file && span.start() <= offset && offset < span.end();
                if (holds && (best == null || span.end() - span.start() < length(best.node().span()))) {
                    best = new NodeAt(model, node);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static int length(Span span) {
        return span.end() - span.start();
    }
}
