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
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.AdaDelta;

public class ScratchBench {
    public static void main(String[] args) {
        String file = args[0];
        int steps = Integer.parseInt(args[1]);
        CheckedProgram program = TestData.model(file);
        TrainSpec spec = program.train("Autoencoder").orElseThrow();
        Graph graph = Lowerer.lower(program, "Autoencoder");
        Examples train = Examples.of(TestData.mnist(Split.TRAIN, 100 * (steps + 5)), graph.input());
        // ours
        CompiledModel model = SameDiffLowering.lower(graph, spec.loss(), 7);
        ParameterUpdater up = new ParameterUpdater(spec.optimizer());
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : model.paramNames()) params.put(name, model.sameDiff().getVariable(name).getArr());
        long tg = 0, tu = 0;
        for (int i = 0; i < steps + 5; i++) {
            INDArray x = train.range(i * 100, i * 100 + 100);
            long b = System.nanoTime();
            OutAndGrad r = model.sameDiff().calculateGradientsAndOutputs(Map.of("input", x, "target", x), List.of("loss"), model.paramNames());
            long c = System.nanoTime();
            up.apply(params, r.getGradients());
            long d = System.nanoTime();
            if (i >= 5) { tg += c - b; tu += d - c; }
        }
        System.out.printf("OURS %s: grad %.2f ms, update %.2f ms, %.0f samples/s%n", file, tg / 1e6 / steps, tu / 1e6 / steps, 100.0 * steps / ((tg + tu) / 1e9));
        // sd.fit with ND4J's AdaDelta
        CompiledModel m2 = SameDiffLowering.lower(graph, spec.loss(), 7);
        m2.sameDiff().setTrainingConfig(TrainingConfig.builder().updater(new AdaDelta())
                .dataSetFeatureMapping("input").dataSetLabelMapping("target").build());
        long t0 = 0;
        for (int i = 0; i < steps + 5; i++) {
            INDArray x = train.range(i * 100, i * 100 + 100);
            long b = System.nanoTime();
            m2.sameDiff().fit(new DataSet(x, x));
            if (i >= 5) t0 += System.nanoTime() - b;
        }
        System.out.printf("FIT  %s: step %.2f ms, %.0f samples/s%n", file, t0 / 1e6 / steps, 100.0 * steps / (t0 / 1e9));
    }
}
