package dev.aec.compiler.check;

import dev.aec.compiler.data.DataProbe;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.model.Program;
import dev.aec.compiler.model.TrainSpec;
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
}
