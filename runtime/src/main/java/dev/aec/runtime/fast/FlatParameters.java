package dev.aec.runtime.fast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every trainable variable of a graph in one flat buffer, and its gradient in another of the same
 * layout, so the optimizer is one native call per step instead of one per variable. The SameDiff
 * graph's variables are re-pointed at views of the flat buffer: the graph stays the model (saving,
 * evaluation and `aec gen` see the trained weights) without any copying. The graph's non-trainable
 * tensors (moving statistics) stay out of both buffers, so no optimizer touches them: their layers
 * read and update the graph's own arrays in place.
 */
final class FlatParameters implements ParameterArrays {
    private final INDArray values;
    private final INDArray gradients;
    private final Map<String, INDArray> valueViews = new LinkedHashMap<>();
    private final Map<String, INDArray> gradientViews = new LinkedHashMap<>();
    private final Map<String, INDArray> nonTrainable = new LinkedHashMap<>();

    private FlatParameters(INDArray values, INDArray gradients) {
        this.values = values;
        this.gradients = gradients;
    }

    /** Moves the named variables' current values into one buffer and points the graph at it. */
    static FlatParameters adopt(SameDiff sd, List<String> names) {
        return adopt(sd, names, List.of());
    }

    /** As {@link #adopt(SameDiff, List)}, with the graph's arrays of the `nonTrainable` constants beside. */
    static FlatParameters adopt(SameDiff sd, List<String> names, List<String> nonTrainableNames) {
        long total = 0;
        DataType type = null;
        List<INDArray> current = new ArrayList<>();
        for (String name : names) {
            INDArray arr = sd.getVariable(name).getArr();
            current.add(arr);
            total += arr.length();
            type = arr.dataType();
        }
        // SameDiff's default holder copies any view it is given (ND4J 1.0.0-M2.1, for devices that
        // cannot share memory); this one keeps the array it is handed. aec trains on one thread.
        sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), true);
        FlatParameters flat = new FlatParameters(Nd4j.create(type, total), Nd4j.create(type, total));
        long offset = 0;
        for (int i = 0; i < names.size(); i++) {
            INDArray arr = current.get(i);
            long[] shape = arr.shape();
            INDArray value = slice(flat.values, offset, shape);
            INDArray gradient = slice(flat.gradients, offset, shape);
            value.assign(arr);
            SDVariable variable = sd.getVariable(names.get(i));
            variable.setArray(value);
            if (variable.getArr() != value) {
                throw new IllegalStateException("SameDiff did not keep the view of " + names.get(i));
            }
            flat.valueViews.put(names.get(i), value);
            flat.gradientViews.put(names.get(i), gradient);
            offset += arr.length();
        }
        // After the holders are replaced: the arrays the graph will go on reading and saving.
        for (String name : nonTrainableNames) {
            flat.nonTrainable.put(name, sd.getVariable(name).getArr());
        }
        return flat;
    }

    /** A view of `length` elements of a flat buffer, shaped; checked to share the buffer's memory. */
    private static INDArray slice(INDArray flat, long offset, long[] shape) {
        long length = java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact);
        INDArray view = flat.get(NDArrayIndex.interval(offset, offset + length)).reshape('c', shape);
        if (view.data().address() != flat.data().address()) {
            throw new IllegalStateException("a parameter view is a copy; the flat layout would not train");
        }
        return view;
    }

    INDArray values() {
        return values;
    }

    INDArray gradients() {
        return gradients;
    }

    /** A parameter's view, or a non-trainable tensor's array. */
    @Override
    public INDArray value(String name) {
        INDArray trained = valueViews.get(name);
        return trained != null ? trained : nonTrainable.get(name);
    }

    @Override
    public INDArray gradient(String name) {
        return gradientViews.get(name);
    }
}
