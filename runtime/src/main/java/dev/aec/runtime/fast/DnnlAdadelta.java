package dev.aec.runtime.fast;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's Adadelta step on float arrays of one length, as oneDNN binary primitives with fused
 * post-ops: the accumulated squared gradient, the square roots, the update, the accumulated
 * squared update and the parameters' step are four or five vectorised passes. libnd4j's fused
 * `adadelta_updater` computes the same rule with scalar loops (ND4J's generic x86 build): 1.05 ms
 * on two threads for the dense autoencoder's 225,000 parameters, where these passes take 0.2 ms
 * (measured on a 2-core Xeon with AVX-512). Results differ from libnd4j's in the last bit only, where oneDNN
 * fuses a multiply and an add.
 *
 * <p>On long vectors the passes run block by block ({@value #BLOCK} values at a time) rather than each
 * over the whole vector: a block's six arrays stay in the cores' caches between its passes, so the
 * parameters and both accumulators travel to and from memory once a step instead of once a pass. On
 * the deep dense stack's 1.15 million parameters that took a step from 1.68 to 1.36 ms with kernels
 * capped to AVX2, and from 1.86 to 1.61 ms with AVX-512 (2-core Xeon, interleaved).
 *
 * <p>Keras (TF 2): `a = rho a + (1 - rho) g^2; u = g sqrt(b + eps) / sqrt(a + eps);
 * b = rho b + (1 - rho) u^2; p -= lr u`.
 */
public final class DnnlAdadelta {
    /**
     * Values per block: six arrays of 512 KB, about the two cores' second-level caches. Smaller blocks
     * lose more to oneDNN's per-call cost than they gain (blocks of 16K values took 1.7 times as long as
     * one pass over 1.15 million); below two blocks' worth one pass over everything is as fast.
     */
    static final int BLOCK = 128 * 1024;
    private static final memory.data_type F32 = memory.data_type.f32;
    private static final int PARAMS = 0;
    private static final int GRADIENTS = 1;
    private static final int ACCUM_GRAD = 2;
    private static final int ACCUM_VAR = 3;

    private final long length;
    private final stream stream;
    private final NativeArrays arrays = new NativeArrays();
    private final long[] addresses = new long[4];
    /** Held as long as the passes that write it. */
    private final Scratch scratch;
    private final Passes whole;
    private final Passes tail;
    private final List<String> implementations;
    /** The rate of the next steps; a schedule changes it between steps. */
    private double learningRate;

    /** Whether oneDNN can run the step on these arrays: it loaded, and each is a dense float array. */
    public static boolean runs(INDArray... operands) {
        return Dnnl.runsOn(operands);
    }

    public DnnlAdadelta(long length, double learningRate, double rho, double epsilon) {
        this(length, learningRate, rho, epsilon, BLOCK);
    }

    /** With blocks of `blockLength` values: tests compare blocks against one pass over everything. */
    DnnlAdadelta(long length, double learningRate, double rho, double epsilon, long blockLength) {
        Dnnl onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        engine eng = onednn.cpu();
        this.stream = onednn.queue();
        this.length = length;
        long block = length < 2 * blockLength ? length : blockLength;
        // The update and its square root live only within a block: one block's worth serves every block.
        this.scratch = new Scratch(eng, block, epsilon, learningRate);
        this.learningRate = learningRate;
        List<String> chosen = new ArrayList<>();
        this.whole = new Passes(eng, block, (float) rho, scratch, chosen);
        long rest = length % block;
        this.tail = rest == 0 ? null : new Passes(eng, rest, (float) rho, scratch, new ArrayList<>());
        this.implementations = List.copyOf(chosen);
    }

    /**
     * Sets the rate of the next steps, as a schedule asks: written into the constant the scaling
     * pass reads, which the steps skip only while the rate is exactly 1.
     */
    public void learningRate(double rate) {
        if (rate != learningRate) {
            scratch.rateValue.putScalar(0, (float) rate);
            learningRate = rate;
        }
    }

    /** The kernels oneDNN chose for the passes, as its verbose mode names them (`jit:uni`). */
    List<String> implementations() {
        return implementations;
    }

    /** Steps `params` in place and updates both accumulators; `gradients` is only read. */
    public void apply(INDArray params, INDArray gradients, INDArray accumGrad, INDArray accumVar) {
        bind(PARAMS, params);
        bind(GRADIENTS, gradients);
        bind(ACCUM_GRAD, accumGrad);
        bind(ACCUM_VAR, accumVar);
        long step = whole.size;
        long start = 0;
        boolean unitRate = learningRate == 1.0;
        for (; start + step <= length; start += step) {
            whole.run(stream, addresses, start * Float.BYTES, unitRate);
        }
        if (tail != null) {
            tail.run(stream, addresses, start * Float.BYTES, unitRate);
        }
        stream._wait();
    }

    /** Records a slot's array, held until another takes its place. */
    private void bind(int slot, INDArray array) {
        if (array.length() != length) {
            throw new IllegalArgumentException("expected " + length + " elements, found " + array.length());
        }
        addresses[slot] = arrays.rebind(slot, array).address();
    }

    /** The arrays a block's passes write and read besides the caller's: the update, a square root, and two constants. */
    private static final class Scratch {
        private final NativeArrays held = new NativeArrays();
        final Pointer root;
        final Pointer updates;
        final memory epsilon;
        final memory rate;
        /** The array `rate` reads, written when the rate changes. */
        final INDArray rateValue;

        Scratch(engine eng, long block, double epsilon, double learningRate) {
            memory.desc one = new memory.desc(new long[] {1}, F32, memory.format_tag.x);
            this.root = held.address(Nd4j.createUninitialized(DataType.FLOAT, block));
            this.updates = held.address(Nd4j.createUninitialized(DataType.FLOAT, block));
            this.epsilon = new memory(one, eng, held.address(Nd4j.valueArrayOf(new long[] {1}, (float) epsilon)));
            this.rateValue = Nd4j.valueArrayOf(new long[] {1}, (float) learningRate);
            this.rate = new memory(one, eng, held.address(rateValue));
        }
    }

    /** The five (or four, at a rate of exactly 1) passes over `size` values, at addresses set per block. */
    private static final class Passes {
        final long size;
        private final memory[] memories = new memory[4];
        private final binary accumulateGradient;
        private final IntMemoryMap accumulateGradientArgs = new IntMemoryMap();
        private final binary rootOfAccumulated;
        private final IntMemoryMap rootOfAccumulatedArgs = new IntMemoryMap();
        private final binary update;
        private final IntMemoryMap updateArgs = new IntMemoryMap();
        private final binary accumulateUpdate;
        private final IntMemoryMap accumulateUpdateArgs = new IntMemoryMap();
        private final binary scaleUpdate;
        private final IntMemoryMap scaleUpdateArgs = new IntMemoryMap();
        private final binary step;
        /** The step from the unscaled update, at a rate of exactly 1. */
        private final IntMemoryMap unitStepArgs = new IntMemoryMap();
        /** The step from the update scaled by the rate. */
        private final IntMemoryMap scaledStepArgs = new IntMemoryMap();

        Passes(engine eng, long size, float rho, Scratch scratch, List<String> chosen) {
            this.size = size;
            // As TF's kernel computes it: 1 - rho in the parameters' type.
            float decay = 1f - rho;
            memory.desc all = new memory.desc(new long[] {size}, F32, memory.format_tag.x);
            memory.desc one = new memory.desc(new long[] {1}, F32, memory.format_tag.x);
            for (int slot = 0; slot < memories.length; slot++) {
                memories[slot] = new memory(all, eng, new Pointer());
            }
            memory params = memories[PARAMS];
            memory gradients = memories[GRADIENTS];
            memory accumGrad = memories[ACCUM_GRAD];
            memory accumVar = memories[ACCUM_VAR];
            memory root = new memory(all, eng, scratch.root);
            memory updates = new memory(all, eng, scratch.updates);

            // x = rho x + (1 - rho) y^2: the square, scaled, plus rho times what the destination held.
            post_ops decayed = new post_ops();
            decayed.append_eltwise(1f, dnnl.algorithm.eltwise_linear, decay, 0f);
            decayed.append_sum(rho, memory.data_type.undef);
            primitive_attr decayedAttr = new primitive_attr();
            decayedAttr.set_post_ops(decayed);
            binary.primitive_desc square = new binary.primitive_desc(
                    new binary.desc(dnnl.algorithm.binary_mul, all, all, all), decayedAttr, eng);
            chosen.add(square.impl_info_str().getString());
            this.accumulateGradient = new binary(square);
            args(accumulateGradientArgs, gradients, gradients, accumGrad);
            this.accumulateUpdate = new binary(square);
            args(accumulateUpdateArgs, updates, updates, accumVar);

            post_ops sqrt = new post_ops();
            sqrt.append_eltwise(1f, dnnl.algorithm.eltwise_sqrt, 0f, 0f);
            primitive_attr sqrtAttr = new primitive_attr();
            sqrtAttr.set_post_ops(sqrt);
            this.rootOfAccumulated = pass(chosen, new binary.primitive_desc(
                    new binary.desc(dnnl.algorithm.binary_add, all, one, all), sqrtAttr, eng));
            args(rootOfAccumulatedArgs, accumGrad, scratch.epsilon, root);

            post_ops ratio = new post_ops();
            ratio.append_eltwise(1f, dnnl.algorithm.eltwise_sqrt, 0f, 0f);
            ratio.append_binary(dnnl.algorithm.binary_mul, all);
            ratio.append_binary(dnnl.algorithm.binary_div, all);
            primitive_attr ratioAttr = new primitive_attr();
            ratioAttr.set_post_ops(ratio);
            this.update = pass(chosen, new binary.primitive_desc(
                    new binary.desc(dnnl.algorithm.binary_add, all, one, all), ratioAttr, eng));
            args(updateArgs, accumVar, scratch.epsilon, updates);
            updateArgs.put(postOpOperand(1), gradients);
            updateArgs.put(postOpOperand(2), root);

            // Keras rounds lr * u before subtracting it; a rate of 1 skips the product, which is exact.
            this.scaleUpdate = pass(chosen, new binary.primitive_desc(
                    new binary.desc(dnnl.algorithm.binary_mul, all, one, all), eng));
            args(scaleUpdateArgs, updates, scratch.rate, root);
            this.step = pass(chosen, new binary.primitive_desc(
                    new binary.desc(dnnl.algorithm.binary_sub, all, all, all), eng));
            args(unitStepArgs, params, updates, params);
            args(scaledStepArgs, params, root, params);
        }

        /** Runs the passes on the block that starts `offset` bytes into each of the caller's arrays. */
        void run(stream stream, long[] addresses, long offset, boolean unitRate) {
            for (int slot = 0; slot < memories.length; slot++) {
                memories[slot].set_data_handle(NativeArrays.at(addresses[slot] + offset));
            }
            accumulateGradient.execute(stream, accumulateGradientArgs);
            rootOfAccumulated.execute(stream, rootOfAccumulatedArgs);
            update.execute(stream, updateArgs);
            accumulateUpdate.execute(stream, accumulateUpdateArgs);
            if (!unitRate) {
                scaleUpdate.execute(stream, scaleUpdateArgs);
            }
            step.execute(stream, unitRate ? unitStepArgs : scaledStepArgs);
        }
    }

    private static binary pass(List<String> chosen, binary.primitive_desc desc) {
        chosen.add(desc.impl_info_str().getString());
        return new binary(desc);
    }

    private static void args(IntMemoryMap map, memory src0, memory src1, memory dst) {
        map.put(dnnl.DNNL_ARG_SRC_0, src0);
        map.put(dnnl.DNNL_ARG_SRC_1, src1);
        map.put(dnnl.DNNL_ARG_DST, dst);
    }

    /** The argument of the binary post-op at `index`, as oneDNN's DNNL_ARG_ATTR_MULTIPLE_POST_OP(index) | SRC_1. */
    private static int postOpOperand(int index) {
        return dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * (index + 1) | dnnl.DNNL_ARG_SRC_1;
    }
}
