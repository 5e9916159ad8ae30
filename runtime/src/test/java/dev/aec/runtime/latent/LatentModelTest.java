package dev.aec.runtime.latent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.model.Loss;
import dev.aec.runtime.TestData;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.train.Evaluator;
import dev.aec.runtime.train.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The encoder and decoder graphs cut from a model compute exactly what the whole model does. */
class LatentModelTest {
    @ParameterizedTest
    @ValueSource(strings = {"conv_autoencoder.aemodel", "dense_autoencoder.aemodel",
        "dense_autoencoder_functional.aemodel"})
    void decodingTheEncodingGivesTheFullModelsOutputBitForBit(String file) throws Exception {
        CompiledModel full = SameDiffLowering.lower(Lowerer.lower(TestData.model(file), "Autoencoder"),
                Loss.BINARY_CROSSENTROPY, 7);
        LatentModel latent = LatentModel.of(full, Loss.BINARY_CROSSENTROPY);
        INDArray x = Examples.of(TestData.mnist(Split.TEST, 40), full.graph().input()).range(0, 40);
        INDArray z = latent.encode(x);
        assertThat(z.shape()).containsExactly(40, latent.size());
        INDArray expected = Evaluator.reconstruct(full, x);
        INDArray actual = latent.decode(z);
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isEqualTo(0.0);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 1500})
    void largeBatchesAreEncodedInPiecesWithTheSameResult(int n) throws Exception {
        CompiledModel full = SameDiffLowering.lower(
                Lowerer.lower(TestData.model("dense_autoencoder.aemodel"), "Autoencoder"), Loss.BINARY_CROSSENTROPY, 3);
        LatentModel latent = LatentModel.of(full, Loss.BINARY_CROSSENTROPY);
        INDArray x = Examples.of(TestData.synthetic(Split.TRAIN, n, 5), full.graph().input()).range(0, n);
        INDArray whole = latent.encode(x);
        INDArray last = latent.encode(x.getRow(n - 1).reshape(1, 784));
        assertThat(whole.getRow(n - 1).sub(last.getRow(0)).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(latent.decode(whole).size(0)).isEqualTo(n);
    }

    @Test
    void vaeHalvesGiveTheFullModelsOutputAtTheMeanAndTheEncoderIsDeterministic() throws Exception {
        Compiler.Result result = Compiler.compile(new SourceFile("vae.aemodel", """
                model Vae : 784 -> 784 {
                  dense(32, activation: relu)
                  gaussian(2)
                  dense(32, activation: relu)
                  dense(784, activation: sigmoid)
                }
                """), TestData.repo().resolve("models"));
        assertThat(result.ok()).isTrue();
        CompiledModel full = SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "Vae"),
                Loss.BINARY_CROSSENTROPY, 4);
        LatentModel latent = LatentModel.of(full, Loss.BINARY_CROSSENTROPY);
        assertThat(latent.variational()).isTrue();
        INDArray x = Examples.of(TestData.mnist(Split.TEST, 20), full.graph().input()).range(0, 20);
        INDArray z = latent.encode(x);
        assertThat(z).isEqualTo(latent.encode(x));
        assertThat(z.shape()).containsExactly(20, 2);
        INDArray expected = Evaluator.reconstruct(full, x);
        assertThat(latent.decode(z).sub(expected).amaxNumber().doubleValue()).isEqualTo(0.0);
    }
}
