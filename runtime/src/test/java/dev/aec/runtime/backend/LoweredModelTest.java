package dev.aec.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.train.Evaluator;
import dev.aec.runtime.train.Examples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class LoweredModelTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"conv_autoencoder.aemodel", "dense_autoencoder.aemodel"})
    void graphParameterCountEqualsTheCheckers(String file) {
        CheckedProgram program = TestData.model(file);
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(program, "Autoencoder"), Loss.BINARY_CROSSENTROPY, 1);
        long inGraph = model.paramNames().stream()
                .mapToLong(n -> model.sameDiff().getVariable(n).getArr().length()).sum();
        assertThat(inGraph).isEqualTo(program.model("Autoencoder").orElseThrow().totalParams());
        assertThat(model.sameDiff().variables().stream().filter(v -> v.getVariableType()
                == org.nd4j.autodiff.samediff.VariableType.VARIABLE).count()).isEqualTo(model.paramNames().size());
    }

    @Test
    void sequentialAndFunctionalDenseModelsGiveIdenticalOutputs() {
        CompiledModel sequential = SameDiffLowering.lower(
                Lowerer.lower(TestData.model("dense_autoencoder.aemodel"), "Autoencoder"), Loss.BINARY_CROSSENTROPY, 5);
        CompiledModel functional = SameDiffLowering.lower(
                Lowerer.lower(TestData.model("dense_autoencoder_functional.aemodel"), "Autoencoder"),
                Loss.BINARY_CROSSENTROPY, 5);
        assertThat(functional.paramNames()).isEqualTo(sequential.paramNames());
        for (String name : sequential.paramNames()) {
            assertThat(functional.sameDiff().getVariable(name).getArr())
                    .isEqualTo(sequential.sameDiff().getVariable(name).getArr());
        }
        Examples x = Examples.of(TestData.mnist(Split.TEST, 20), sequential.graph().input());
        INDArray a = Evaluator.reconstruct(sequential, x.range(0, 20));
        INDArray b = Evaluator.reconstruct(functional, x.range(0, 20));
        assertThat(b).isEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv_autoencoder.aemodel", "dense_autoencoder.aemodel"})
    void savedModelReloadsWithBitEqualOutputs(String file) throws RunException {
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(TestData.model(file), "Autoencoder"),
                Loss.BINARY_CROSSENTROPY, 9);
        Examples x = Examples.of(TestData.mnist(Split.TEST, 16), model.graph().input());
        INDArray before = Evaluator.reconstruct(model, x.range(0, 16));
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"), false);
        dir.writeModel(model.sameDiff(), false);
        SameDiff loaded = dir.readModel();
        CompiledModel reloaded = model.withSameDiff(loaded);
        INDArray after = Evaluator.reconstruct(reloaded, x.range(0, 16));
        assertThat(after.data().asFloat()).containsExactly(before.data().asFloat());
    }
}
