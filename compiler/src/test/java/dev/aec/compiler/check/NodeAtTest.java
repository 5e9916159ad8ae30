package dev.aec.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.source.SourceFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The node under a place of the text is the innermost call written there, with its checked shape. */
class NodeAtTest {
    private static final String TEXT = """
            model Encoder : 784 -> 64 {
              dense(128, activation: relu)
              dense(64)
            }

            model Autoencoder(x: 784) -> 784 {
              z = Encoder(dense(784)(x))
              return dense(784, activation: sigmoid)(z)
            }
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "at `{0}` is a node giving {1}")
    @CsvSource(delimiter = '|', value = {
            "dense(128|128",
            "activation: relu|128",
            "dense(64)|64",
            "Encoder(dense|64",
            "dense(784)(x)|784",
            "(x))|784",
            "sigmoid)(z)|784"})
    void innermostNodeAtAPlaceGivesItsShape(String at, String shape) {
        SourceFile file = new SourceFile("m.aemodel", TEXT);
        CheckedProgram program = Compiler.compile(file, dir).program().orElseThrow();
        int offset = TEXT.indexOf(at);
        CheckedProgram.NodeAt found = program.nodeAt(file, offset).orElseThrow();
        assertThat(found.shape()).hasToString(shape);
        assertThat(found.node().span().start()).isLessThanOrEqualTo(offset);
        assertThat(found.node().span().end()).isGreaterThan(offset);
    }

    @ParameterizedTest(name = "nothing at `{0}`")
    @CsvSource({"model Encoder", "784 -> 64", "z =", "return"})
    void nothingBetweenLayersOrInSignatures(String at) {
        SourceFile file = new SourceFile("m.aemodel", TEXT);
        CheckedProgram program = Compiler.compile(file, dir).program().orElseThrow();
        assertThat(program.nodeAt(file, TEXT.indexOf(at))).isEmpty();
    }

    @Test
    void aNestedModelCountsItsTotal() {
        SourceFile file = new SourceFile("m.aemodel", TEXT);
        CheckedProgram program = Compiler.compile(file, dir).program().orElseThrow();
        CheckedProgram.NodeAt found = program.nodeAt(file, TEXT.indexOf("Encoder(dense")).orElseThrow();
        assertThat(found.params()).isEqualTo(784 * 128 + 128 + 128 * 64 + 64);
        assertThat(found.model().def().name()).isEqualTo("Autoencoder");
    }
}
