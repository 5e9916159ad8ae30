package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.aec.runtime.backend.Nd4jEnvironment;
import java.lang.ref.WeakReference;
import java.util.Random;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdaDeltaUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN's Adadelta passes against Keras's rule written out in doubles, and against libnd4j's
 * fused op on the same float state, over steps with changing gradients.
 */
class DnnlAdadeltaTest {
    private static final int SIZE = 1_000;
    private static final int STEPS = 6;

    @BeforeAll
    static void nd4j() {
        Nd4jEnvironment.init();
    }

    @ParameterizedTest(name = "lr {0}, rho {1}, epsilon {2}")
    @CsvSource({"1.0, 0.95, 1e-7", "0.5, 0.9, 1e-6"})
    void followsKerasRuleAndLibnd4jsOp(double lr, double rho, double eps) {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        Random random = new Random(11);
        double[] w = new double[SIZE];
        double[] a = new double[SIZE];
        double[] b = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            w[i] = random.nextGaussian();
        }
        INDArray params = Nd4j.create(w, new long[] {SIZE}, DataType.FLOAT);
        INDArray accumGrad = Nd4j.zeros(DataType.FLOAT, SIZE);
        INDArray accumVar = Nd4j.zeros(DataType.FLOAT, SIZE);
        INDArray libParams = params.dup();
        INDArray libGrad = accumGrad.dup();
        INDArray libVar = accumVar.dup();
        DnnlAdadelta kernel = new DnnlAdadelta(SIZE, lr, rho, eps);
        for (int step = 0; step < STEPS; step++) {
            double[] g = new double[SIZE];
            for (int i = 0; i < SIZE; i++) {
                // Gradients of several magnitudes, a few exactly zero.
                g[i] = i % 97 == 0 ? 0 : random.nextGaussian() * Math.pow(10, -(i % 4));
                a[i] = rho * a[i] + (1 - rho) * g[i] * g[i];
                double u = g[i] * Math.sqrt(b[i] + eps) / Math.sqrt(a[i] + eps);
                w[i] -= lr * u;
                b[i] = rho * b[i] + (1 - rho) * u * u;
            }
            INDArray gradient = Nd4j.create(g, new long[] {SIZE}, DataType.FLOAT);
            INDArray before = gradient.dup();
            kernel.apply(params, gradient, accumGrad, accumVar);
            assertThat(gradient).as("the gradient is only read").isEqualTo(before);
            INDArray libUpdate = gradient.dup();
            Nd4j.exec(new AdaDeltaUpdater(libUpdate, libGrad, libVar, rho, eps));
            libParams.subi(libUpdate.muli(lr));
        }
        for (int i = 0; i < SIZE; i++) {
            double scale = Math.max(1e-3, Math.abs(w[i]));
            assertThat((double) params.getFloat(i)).as("parameter " + i + " against Keras")
                    .isCloseTo(w[i], org.assertj.core.data.Offset.offset(2e-6 * scale));
            assertThat(params.getFloat(i)).as("parameter " + i + " against libnd4j")
                    .isCloseTo(libParams.getFloat(i), org.assertj.core.data.Offset.offset(4 * Math.ulp((float) scale)));
            assertThat((double) accumVar.getFloat(i)).as("accumulated update " + i)
                    .isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5 * b[i] + 1e-30));
        }
    }

    /** Blocks change where the passes run, never what they compute: the same bits as one pass over all. */
    @ParameterizedTest(name = "lr {0}")
    @CsvSource({"1.0", "0.5"})
    void blocksGiveTheBitsOfOnePassOverEverything(double lr) {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        int size = 2 * DnnlAdadelta.BLOCK + 123;
        DnnlAdadelta blocked = new DnnlAdadelta(size, lr, 0.9, 1e-6);
        DnnlAdadelta whole = new DnnlAdadelta(size, lr, 0.9, 1e-6, size);
        INDArray[] blockedState = {Nd4j.rand(DataType.FLOAT, size), Nd4j.zeros(DataType.FLOAT, size),
            Nd4j.zeros(DataType.FLOAT, size)};
        INDArray[] wholeState = {blockedState[0].dup(), blockedState[1].dup(), blockedState[2].dup()};
        for (int step = 0; step < 3; step++) {
            INDArray gradient = Nd4j.rand(DataType.FLOAT, size).subi(0.5);
            blocked.apply(blockedState[0], gradient, blockedState[1], blockedState[2]);
            whole.apply(wholeState[0], gradient, wholeState[1], wholeState[2]);
        }
        assertThat(blockedState[0]).as("parameters").isEqualTo(wholeState[0]);
        assertThat(blockedState[1]).as("accumulated squared gradient").isEqualTo(wholeState[1]);
        assertThat(blockedState[2]).as("accumulated squared update").isEqualTo(wholeState[2]);
    }

    @Test
    void newArraysEachStepGiveTheSameStepsAsArraysReused() {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        INDArray reused = Nd4j.rand(DataType.FLOAT, SIZE);
        INDArray fresh = reused.dup();
        INDArray gradient = Nd4j.create(DataType.FLOAT, SIZE);
        INDArray[] reusedState = {Nd4j.zeros(DataType.FLOAT, SIZE), Nd4j.zeros(DataType.FLOAT, SIZE)};
        INDArray[] freshState = {Nd4j.zeros(DataType.FLOAT, SIZE), Nd4j.zeros(DataType.FLOAT, SIZE)};
        DnnlAdadelta one = new DnnlAdadelta(SIZE, 1.0, 0.95, 1e-7);
        DnnlAdadelta other = new DnnlAdadelta(SIZE, 1.0, 0.95, 1e-7);
        for (int step = 0; step < 4; step++) {
            INDArray g = Nd4j.rand(DataType.FLOAT, SIZE).subi(0.5);
            gradient.assign(g);
            one.apply(reused, gradient, reusedState[0], reusedState[1]);
            // As a checkpoint restored between steps: new state arrays of the same values.
            freshState = new INDArray[] {freshState[0].dup(), freshState[1].dup()};
            other.apply(fresh, g.dup(), freshState[0], freshState[1]);
            System.gc();
        }
        assertThat(fresh).isEqualTo(reused);
        assertThat(freshState[1]).isEqualTo(reusedState[1]);
    }

    @Test
    void holdsTheArraysItWasLastGiven() {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        DnnlAdadelta kernel = new DnnlAdadelta(8, 1.0, 0.95, 1e-7);
        WeakReference<INDArray> gradient = new WeakReference<>(Nd4j.rand(DataType.FLOAT, 8));
        kernel.apply(Nd4j.rand(DataType.FLOAT, 8), gradient.get(), Nd4j.zeros(DataType.FLOAT, 8),
                Nd4j.zeros(DataType.FLOAT, 8));
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertThat(gradient.get()).isNotNull();
    }

    @Test
    void everyPassRunsAJitKernel() {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        assertThat(new DnnlAdadelta(SIZE, 0.5, 0.95, 1e-7).implementations()).hasSize(5)
                .allSatisfy(name -> assertThat(name).startsWith("jit"));
    }

    /**
     * Why every pass is a binary primitive: oneDNN 2.5's eltwise primitive with the same post-ops
     * (a square root, a product and a quotient with other arrays) runs its reference loops.
     */
    @Test
    void onednnEltwiseWithPostOpsFallsBackToReferenceLoops() {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        memory.desc all = new memory.desc(new long[] {SIZE}, memory.data_type.f32, memory.format_tag.x);
        post_ops ops = new post_ops();
        ops.append_eltwise(1f, dnnl.algorithm.eltwise_sqrt, 0f, 0f);
        ops.append_binary(dnnl.algorithm.binary_mul, all);
        primitive_attr attr = new primitive_attr();
        attr.set_post_ops(ops);
        eltwise_forward.primitive_desc pd = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                dnnl.prop_kind.forward_inference, dnnl.algorithm.eltwise_linear, all, 1f, 1e-7f), attr,
                Dnnl.CPU.orElseThrow().cpu());
        assertThat(pd.impl_info_str().getString()).startsWith("ref");
    }

    @Test
    void runsOnlyOnDenseFloatArrays() {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        assertThat(DnnlAdadelta.runs(Nd4j.rand(DataType.FLOAT, 4))).isTrue();
        assertThat(DnnlAdadelta.runs(Nd4j.rand(DataType.DOUBLE, 4))).isFalse();
        assertThat(DnnlAdadelta.runs(Nd4j.rand(DataType.FLOAT, 4, 4).getColumn(1))).isFalse();
    }

    /**
     * A schedule changes the rate between steps: a kernel built at a rate of 1 (which skips the
     * scaling pass) and set to other rates, back to 1 and on, steps exactly as kernels built at
     * each step's rate, on the same state; blocks included.
     */
    @Test
    void aChangedRateStepsAsAKernelBuiltAtThatRate() {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        double[] rates = {1.0, 0.5, 0.25, 1.0, 0.125};
        long length = 3 * 1000 + 17;
        Random random = new Random(5);
        INDArray params = Nd4j.randn(DataType.FLOAT, length);
        INDArray accumGrad = Nd4j.zeros(DataType.FLOAT, length);
        INDArray accumVar = Nd4j.zeros(DataType.FLOAT, length);
        INDArray refParams = params.dup();
        INDArray refGrad = accumGrad.dup();
        INDArray refVar = accumVar.dup();
        INDArray unitParams = params.dup();
        INDArray unitGrad = accumGrad.dup();
        INDArray unitVar = accumVar.dup();
        DnnlAdadelta unit = new DnnlAdadelta(length, 1.0, 0.95, 1e-7, 1000);
        DnnlAdadelta changing = new DnnlAdadelta(length, 1.0, 0.95, 1e-7, 1000);
        for (double rate : rates) {
            float[] g = new float[(int) length];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) random.nextGaussian();
            }
            INDArray gradient = Nd4j.create(g, new long[] {length}, DataType.FLOAT);
            changing.learningRate(rate);
            changing.apply(params, gradient, accumGrad, accumVar);
            new DnnlAdadelta(length, rate, 0.95, 1e-7, 1000).apply(refParams, gradient, refGrad, refVar);
            unit.apply(unitParams, gradient, unitGrad, unitVar);
            assertThat(params).as("parameters at rate " + rate).isEqualTo(refParams);
            assertThat(accumVar).as("accumulated updates at rate " + rate).isEqualTo(refVar);
        }
        assertThat(params).as("the rates took effect: a kernel left at 1 ends elsewhere").isNotEqualTo(unitParams);
    }
}
