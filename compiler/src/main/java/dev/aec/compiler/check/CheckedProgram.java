package dev.aec.compiler.check;

import dev.aec.compiler.model.Program;
import dev.aec.compiler.model.TrainSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checker's output: every model with its shapes, and the train blocks that passed. */
public record CheckedProgram(Program program, Map<String, CheckedModel> models, List<TrainSpec> trains) {
    public CheckedProgram {
        models = Map.copyOf(models);
        trains = List.copyOf(trains);
    }

    public Optional<CheckedModel> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Optional<TrainSpec> train(String model) {
        return trains.stream().filter(t -> t.model().equals(model)).findFirst();
    }
}
