package dev.aec.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import java.io.IOException;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {

    private static CheckedProgram compile(String text) {
        Compiler.Result result = Compiler.compile(new SourceFile("memory.aemodel", text), TestPaths.models());
        assertThat(result.ok()).as(result.diagnostics().sorted().toString()).isTrue();
        return result.program().orElseThrow();
    }

    private static TrainingMemory estimate(CheckedProgram program) {
        TrainSpec train = program.trains().get(0);
        return TrainingMemory.estimate(Lowerer.lower(program, train.model()), train);
    }

    @Test
    void tutorialConvAutoencoderIsMostlyItsData() throws IOException {
        CheckedProgram program = Compiler.compileFile(TestPaths.models().resolve("conv_autoencoder.aemodel"))
                .program().orElseThrow();
        TrainingMemory memory = estimate(program);

        assertThat(memory.weights()).isEqualTo(4_385 * 4);
        assertThat(memory.gradients()).isEqualTo(4_385 * 4);
        assertThat(memory.optimizerSlots()).isEqualTo(2);
        assertThat(memory.optimizerState()).isEqualTo(2 * 4_385 * 4);
        // Per sample: the 784 inputs and the 37,824 values of the thirteen layers' outputs (28x28x16,
        // 14x14x16, 14x14x8, 7x7x8 twice, 4x4x8 twice, 8x8x8 twice, 16x16x8, 14x14x16, 28x28x16,
        // 28x28x1), kept and differentiated, plus a batch of inputs and one of targets.
        assertThat(memory.activations()).isEqualTo(100L * 4 * (2 * (784 + 37_824) + 784 + 784));
        assertThat(memory.data()).isEqualTo(70_000L * 784 * 4);
        assertThat(memory.parts()).isEqualTo("weights 18 KB, gradients 18 KB, optimizer state 35 KB,"
                + " activations for batch 100: 32 MB, data 220 MB");
    }

    @Test
    void denseModelOfNinetyFourMillionParametersWithAdam() {
        CheckedProgram program = compile("""
                model Big : 784 -> 784 {
                  dense(10000, activation: relu)
                  dense(8000, activation: relu)
                  dense(784, activation: sigmoid)
                }
                train Big { data: mnist  loss: binary_crossentropy  optimizer: adam  batch: 100 }
                """);
        TrainingMemory memory = estimate(program);

        assertThat(memory.weights()).isEqualTo(94_130_784L * 4);
        assertThat(memory.optimizerState()).isEqualTo(2 * 94_130_784L * 4);
        assertThat(memory.activations()).isEqualTo(100L * 4 * (2 * (784 + 10_000 + 8_000 + 784) + 784 + 784));
        assertThat(memory.total()).isEqualTo(4 * 94_130_784L * 4 + memory.activations() + 70_000L * 784 * 4);
        assertThat(memory.parts()).isEqualTo("weights 377 MB, gradients 377 MB, optimizer state 753 MB,"
                + " activations for batch 100: 16 MB, data 220 MB");
    }

    @Test
    void classifierKeepsItsOneHotLabelsAndALimitShrinksTheTrainingSet() {
        CheckedProgram program = compile("""
                model C : 28x28x1 -> 10 {
                  flatten
                  dense(10, activation: softmax)
                }
                train C { data: mnist  loss: categorical_crossentropy  optimizer: sgd  batch: 32 }
                """);
        TrainSpec train = program.trains().get(0);
        Graph graph = Lowerer.lower(program, "C");

        assertThat(TrainingMemory.estimate(graph, train).data()).isEqualTo(70_000L * (784 + 10) * 4);
        assertThat(TrainingMemory.estimate(graph, train, OptionalInt.of(500)).data()).isEqualTo(10_500L * (784 + 10) * 4);
        assertThat(TrainingMemory.estimate(graph, train).optimizerState()).isZero();
    }

    @Test
    void filesCountAsManySamplesAsTheProbeCountedAndAHeldOutShareNoMore() {
        CheckedProgram program = compile("""
                model M : 784 -> 784 { dense(784, activation: sigmoid) }
                train M { data: csv("t.csv")  loss: mse  optimizer: sgd  validation: split(0.1)  test: npy("t.npy") }
                """);
        TrainSpec train = program.trains().get(0);
        Graph graph = Lowerer.lower(program, "M");
        java.util.function.Function<dev.aec.compiler.data.DataSource, OptionalInt> counts =
                source -> source == train.data() ? OptionalInt.of(900) : OptionalInt.of(100);

        assertThat(TrainingMemory.estimate(graph, train).data()).as("files not counted hold nothing known").isZero();
        assertThat(TrainingMemory.estimate(graph, train, OptionalInt.empty(), counts).data())
                .isEqualTo((900L + 100) * 784 * 4);
        assertThat(TrainingMemory.estimate(graph, train, OptionalInt.of(50), counts).data())
                .isEqualTo((50L + 100) * 784 * 4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sgd                        | 0",
        "sgd(momentum: 0.9)         | 1",
        "adam                       | 2",
        "adadelta                   | 2",
        "rmsprop                    | 1",
        "rmsprop(momentum: 0.5)     | 2",
        "adagrad                    | 1"})
    void optimizerKeepsItsSlotsPerWeight(String optimizer, int slots) {
        CheckedProgram program = compile("model M : 784 -> 784 { dense(784) }\n"
                + "train M { data: mnist  loss: mse  optimizer: " + optimizer + " }\n");

        assertThat(TrainingMemory.optimizerSlots(program.trains().get(0).optimizer())).isEqualTo(slots);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0             | 0 bytes",
        "1             | 1 byte",
        "999           | 999 bytes",
        "17540         | 18 KB",
        "999999        | 1.0 MB",
        "1500000       | 1.5 MB",
        "1250000       | 1.3 MB",
        "9950000       | 10.0 MB",
        "2500000000000 | 2.5 TB",
        "376523136     | 377 MB",
        "1900000000    | 1.9 GB",
        "23500000000   | 24 GB"})
    void sizesReadAsPeopleWriteThem(long bytes, String text) {
        assertThat(TrainingMemory.bytes(bytes)).isEqualTo(text);
    }
}
