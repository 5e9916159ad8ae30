package dev.aec.runtime.train;

import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.TestData;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Split;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

class ScratchTiming {
    @Test
    void time() {
        for (String file : List.of("dense_autoencoder.aemodel", "conv_autoencoder.aemodel")) {
            CheckedProgram program = TestData.model(file);
            TrainSpec spec = program.train("Autoencoder").orElseThrow();
            Graph graph = Lowerer.lower(program, "Autoencoder");
            CompiledModel model = SameDiffLowering.lower(graph, spec.loss(), 7);
            Examples train = Examples.of(TestData.mnist(Split.TRAIN, 2000), graph.input());
            ParameterUpdater up = new ParameterUpdater(spec.optimizer());
            Map<String, INDArray> params = new LinkedHashMap<>();
            for (String name : model.paramNames()) params.put(name, model.sameDiff().getVariable(name).getArr());
            long tg = 0, tu = 0, tb = 0;
            for (int i = 0; i < 20; i++) {
                long a = System.nanoTime();
                INDArray x = train.range(i * 100, i * 100 + 100);
                long b = System.nanoTime();
                OutAndGrad r = model.sameDiff().calculateGradientsAndOutputs(Map.of("input", x, "target", x), List.of("loss"), model.paramNames());
                long c = System.nanoTime();
                up.apply(params, r.getGradients());
                long d = System.nanoTime();
                if (i >= 5) { tb += b - a; tg += c - b; tu += d - c; }
                if (i < 3) System.out.printf("step %d: batch %.1f ms grad %.1f ms upd %.1f ms%n", i, (b-a)/1e6, (c-b)/1e6, (d-c)/1e6);
            }
            System.out.printf("%s per step: batch %.2f ms, grad %.2f ms, update %.2f ms%n", file, tb/15e6, tg/15e6, tu/15e6);
        }
    }
}
