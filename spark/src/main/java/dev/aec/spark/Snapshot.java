package dev.aec.spark;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.train.ParameterUpdater;
import dev.aec.runtime.train.TrainingStep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's weights (trainable and moving statistics) and its optimizer's state, copied out of
 * ND4J into plain arrays that Spark can ship: what the driver sends to the workers before a round
 * and each worker returns after it. Entries are named `weight:NAME` and `optimizer:KEY`; values
 * are floats, the optimizer's step count a whole number.
 */
public final class Snapshot implements Serializable {
    static final String WEIGHT = "weight:";
    static final String OPTIMIZER = "optimizer:";

    /** One array: its shape, its values, and whether it holds a count rather than floats. */
    record Entry(long[] shape, float[] values, long count, boolean isCount) implements Serializable {
    }

    private final LinkedHashMap<String, Entry> entries;

    Snapshot(LinkedHashMap<String, Entry> entries) {
        this.entries = entries;
    }

    /** The weights of `model` and the state of `step`'s optimizer (aec's own; SameDiff's cannot be read). */
    public static Snapshot of(CompiledModel model, TrainingStep step) {
        LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
        for (String name : weightNames(model)) {
            entries.put(WEIGHT + name, entry(model.sameDiff().getVariable(name).getArr()));
        }
        ParameterUpdater updater = step.ownUpdater().orElseThrow(() -> new IllegalStateException(
                "a step without aec's own optimizer cannot be averaged between workers"));
        updater.state().forEach((key, value) -> entries.put(OPTIMIZER + key, entry(value)));
        return new Snapshot(entries);
    }

    /**
     * Puts these weights into `model`'s own arrays (aec's executor reads them there) and this
     * optimizer state into `step`.
     */
    public void applyTo(CompiledModel model, TrainingStep step) {
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            if (e.getKey().startsWith(WEIGHT)) {
                INDArray target = model.sameDiff().getVariable(e.getKey().substring(WEIGHT.length())).getArr();
                target.assign(Nd4j.create(entry.values(), entry.shape(), 'c').castTo(target.dataType()));
            } else {
                String key = e.getKey().substring(OPTIMIZER.length());
                state.put(key, entry.isCount() ? Nd4j.scalar(entry.count())
                        : Nd4j.create(entry.values(), entry.shape(), 'c'));
            }
        }
        step.restoreOptimizerState(state);
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** How many bytes of values the snapshot holds: what one worker ships back per round. */
    public long bytes() {
        long bytes = 0;
        for (Entry entry : entries.values()) {
            bytes += entry.isCount() ? Long.BYTES : (long) entry.values().length * Float.BYTES;
        }
        return bytes;
    }

    /** The trainable weights, then the moving statistics, in the model's order. */
    static List<String> weightNames(CompiledModel model) {
        List<String> names = new ArrayList<>(model.paramNames());
        names.addAll(model.nonTrainableNames());
        return names;
    }

    private static Entry entry(INDArray value) {
        if (value.dataType().isIntType()) {
            return new Entry(value.shape(), null, value.getLong(0), true);
        }
        INDArray floats = value.dataType() == DataType.FLOAT ? value : value.castTo(DataType.FLOAT);
        return new Entry(value.shape(), floats.dup('c').data().asFloat(), 0, false);
    }
}
