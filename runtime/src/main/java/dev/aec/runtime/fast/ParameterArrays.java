package dev.aec.runtime.fast;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Where a plan's kernels read each parameter and write its gradient, by the graph's variable name. */
interface ParameterArrays {
    INDArray value(String name);

    INDArray gradient(String name);
}
