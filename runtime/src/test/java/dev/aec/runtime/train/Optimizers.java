package dev.aec.runtime.train;

import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.OptimizerKind;
import java.util.LinkedHashMap;
import java.util.Map;

/** Optimizers for table tests: a kind's defaults with `name=value, ...` overrides. */
final class Optimizers {
    private Optimizers() {
    }

    static Optimizer of(OptimizerKind kind, String overrides) {
        Map<String, Double> params = new LinkedHashMap<>(kind.defaults());
        if (overrides != null && !overrides.isBlank()) {
            for (String pair : overrides.split(",")) {
                String[] kv = pair.trim().split("=");
                params.put(kv[0], Double.parseDouble(kv[1]));
            }
        }
        return new Optimizer(kind, params, null);
    }
}
