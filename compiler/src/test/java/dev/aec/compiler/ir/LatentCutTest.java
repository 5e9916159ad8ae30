package dev.aec.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.source.SourceFile;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LatentCutTest {
    private static Graph graph(String file, String model) throws IOException {
        Compiler.Result result = Compiler.compileFile(TestPaths.models().resolve(file));
        assertThat(result.ok()).isTrue();
        return Lowerer.lower(result.program().orElseThrow(), model);
    }

    private static Graph graphOf(String source, String model) {
        Compiler.Result result = Compiler.compile(new SourceFile("test.aemodel", source), TestPaths.models());
        assertThat(result.ok()).as(source).isTrue();
        return Lowerer.lower(result.program().orElseThrow(), model);
    }

    @Test
    void convAutoencoderIsCutAfterTheEncodersLastPooling() throws IOException {
        Graph full = graph("conv_autoencoder.aemodel", "Autoencoder");
        LatentCut cut = LatentCut.find(full).cut().orElseThrow();
        assertThat(full.nodes().get(cut.latentNode()).name()).isEqualTo("Encoder/maxpool_2");
        assertThat(cut.latentShape()).hasToString("4x4x8");
        assertThat(cut.variational()).isFalse();
        assertThat(cut.encoder().output()).hasToString("4x4x8");
        assertThat(cut.decoder().input()).hasToString("4x4x8");
        assertThat(cut.encoder().params()).hasSize(6);
        assertThat(cut.decoder().params()).hasSize(8);
    }

    @Test
    void decoderNodesAreRenumberedFromZeroAndReadTheLatentAsTheirInput() throws IOException {
        LatentCut cut = LatentCut.find(graph("dense_autoencoder.aemodel", "Autoencoder")).cut().orElseThrow();
        Graph decoder = cut.decoder();
        for (int i = 0; i < decoder.nodes().size(); i++) {
            assertThat(decoder.nodes().get(i).id()).isEqualTo(i);
        }
        assertThat(decoder.nodes().get(0).input()).isEqualTo(IrNode.GRAPH_INPUT);
        assertThat(decoder.nodes().get(0).name()).isEqualTo("Decoder/dense_0");
        assertThat(decoder.nodes().get(1).input()).isEqualTo(0);
        assertThat(decoder.outputNode()).isEqualTo(decoder.nodes().size() - 1);
        assertThat(cut.latentShape()).hasToString("64");
    }

    @Test
    void aDecoderMergingTheLatentWithItselfReadsTheGraphInputTwice() {
        Graph full = graphOf("model M(x: 6) -> 6 {\n  h = dense(4, activation: tanh)(x)\n  z = gaussian(2)(h)\n"
                + "  return dense(6, activation: sigmoid)(concat(z, z, axis: -1))\n}\n", "M");
        LatentCut cut = LatentCut.find(full).cut().orElseThrow();
        assertThat(cut.decoder().nodes().get(0).inputs()).containsExactly(IrNode.GRAPH_INPUT, IrNode.GRAPH_INPUT);
        assertThat(cut.decoder().nodes().get(0).outShape()).hasToString("4");
        assertThat(cut.decoder().nodes().get(1).inputs()).containsExactly(0);
    }

    @Test
    void aMergeReadingAValueFromBeforeTheLatentPreventsTheCut() {
        Graph full = graphOf("model M(x: 6) -> 6 {\n  h = dense(4, activation: tanh)(x)\n  z = gaussian(2)(h)\n"
                + "  return dense(6, activation: sigmoid)(concat(z, h, axis: -1))\n}\n", "M");
        LatentCut.Search search = LatentCut.find(full);
        assertThat(search.cut()).isEmpty();
        assertThat(search.problem()).contains("`concat_0` reads a value from before the latent");
    }

    @Test
    void functionalFormIsCutAtTheSamePlace() throws IOException {
        LatentCut sequential = LatentCut.find(graph("dense_autoencoder.aemodel", "Autoencoder")).cut().orElseThrow();
        LatentCut functional = LatentCut.find(graph("dense_autoencoder_functional.aemodel", "Autoencoder")).cut()
                .orElseThrow();
        assertThat(functional.encoder().dump()).isEqualTo(sequential.encoder().dump());
        assertThat(functional.decoder().dump()).isEqualTo(sequential.decoder().dump());
    }

    @Test
    void modelWithoutComposedModelsSaysHowToWriteOne() {
        Graph flat = graphOf("model Flat : 784 -> 784 {\n  dense(16, activation: relu)\n"
                + "  dense(784, activation: sigmoid)\n}\n", "Flat");
        LatentCut.Search search = LatentCut.find(flat);
        assertThat(search.cut()).isEmpty();
        assertThat(search.problem()).contains("model `Flat` has no latent")
                .contains("model Flat : 784 -> 784 { Encoder  Decoder }").contains("`gaussian(N)` layer");
    }

    @Test
    void valueCrossingTheLatentBlocksTheCut() {
        Graph skip = graphOf("""
                model Enc : 784 -> 16 {
                  dense(16)
                }
                model Dec : 16 -> 784 {
                  dense(784, activation: sigmoid)
                }
                model Skip(x: 784) -> 784 {
                  h = dense(32)(x)
                  z = Enc(x)
                  y = Dec(z)
                  return dense(784)(h)
                }
                """, "Skip");
        LatentCut.Search search = LatentCut.find(skip);
        assertThat(search.cut()).isEmpty();
        assertThat(search.problem()).contains("cannot be cut after `Enc`").contains("`dense_1` reads a value");
    }

    @Test
    void vaeIsCutAfterItsGaussianLayerWhereverItSits() {
        Graph vae = graphOf("""
                model Encoder : 784 -> 2 {
                  dense(64, activation: relu)
                  gaussian(2)
                }
                model Decoder : 2 -> 784 {
                  dense(64, activation: relu)
                  dense(784, activation: sigmoid)
                }
                model Vae : 784 -> 784 {
                  Encoder
                  Decoder
                }
                """, "Vae");
        LatentCut cut = LatentCut.find(vae).cut().orElseThrow();
        assertThat(cut.variational()).isTrue();
        assertThat(vae.nodes().get(cut.latentNode()).name()).isEqualTo("Encoder/gaussian_0");
        assertThat(cut.latentShape()).hasToString("2");
    }

    @Test
    void gaussianLayerOutsideAnyComposedModelIsTheLatentToo() {
        Graph vae = graphOf("""
                model Vae : 784 -> 784 {
                  dense(64, activation: relu)
                  gaussian(3)
                  dense(784, activation: sigmoid)
                }
                """, "Vae");
        LatentCut cut = LatentCut.find(vae).cut().orElseThrow();
        assertThat(cut.variational()).isTrue();
        assertThat(cut.encoder().nodes()).hasSize(2);
        assertThat(cut.decoder().nodes()).hasSize(1);
    }
}
