package dev.aec.compiler.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every model and train block of a file and the files it imports, names resolved. */
public record Program(List<ModelDef> models, List<TrainSpec> trains) {
    public Program {
        models = List.copyOf(models);
        trains = List.copyOf(trains);
    }

    public Optional<ModelDef> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Map<String, ModelDef> byName() {
        Map<String, ModelDef> map = new LinkedHashMap<>();
        models.forEach(m -> map.putIfAbsent(m.name(), m));
        return map;
    }
}
