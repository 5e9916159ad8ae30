package dev.aec.runtime.fast;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The graph's variables as they are, for a plan that only runs forward: nothing is moved, so it
 * reads the weights a trainer's executor is updating, or a saved run's. The gradients are scratch
 * that the kernels are bound to and no backward pass writes.
 */
final class GraphParameters implements ParameterArrays {
    private final Map<String, INDArray> values = new HashMap<>();
    private final Map<String, INDArray> gradients = new HashMap<>();

    GraphParameters(SameDiff sd, List<String> names) {
        for (String name : names) {
            INDArray value = sd.getVariable(name).getArr();
            values.put(name, value);
            gradients.put(name, value.ulike());
        }
    }

    /** Whether every variable of `sd` named here still holds the very array bound when these were made. */
    boolean current(SameDiff sd) {
        for (Map.Entry<String, INDArray> entry : values.entrySet()) {
            if (!sd.hasVariable(entry.getKey()) || sd.getVariable(entry.getKey()).getArr() != entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public INDArray value(String name) {
        return values.get(name);
    }

    @Override
    public INDArray gradient(String name) {
        return gradients.get(name);
    }
}
