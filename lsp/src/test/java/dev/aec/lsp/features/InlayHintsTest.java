package dev.aec.lsp.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.lsp.Analysis;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InlayHintsTest {
    private static final Range WHOLE = new Range(new Position(0, 0), new Position(1000, 0));

    @TempDir
    Path dir;

    @Test
    void everyLayerLineShowsItsShapeAtTheEndOfTheCallBeforeItsComment() {
        String text = """
                model Encoder : 28x28x1 -> 7x7x8 {
                  conv2d(16, kernel: 3x3, padding: same)  # a comment
                  maxpool(2x2)
                  conv2d(8, kernel: 3x3,
                         padding: same)
                  maxpool
                }
                """;
        List<InlayHint> hints = InlayHints.hints(Marked.analyse(text, dir), WHOLE);
        assertThat(hints).extracting(h -> h.getLabel().getLeft())
                .containsExactly("28x28x16", "14x14x16", "14x14x8", "7x7x8");
        assertThat(hints).extracting(InlayHint::getPosition).containsExactly(
                new Position(1, 40), new Position(2, 14), new Position(4, 23), new Position(5, 9));
        assertThat(hints).allSatisfy(h -> {
            assertThat(h.getKind()).isEqualTo(InlayHintKind.Type);
            assertThat(h.getPaddingLeft()).isTrue();
        });
    }

    @ParameterizedTest(name = "`{0}` after a layer giving 64: hint shown {1}")
    @CsvSource(delimiter = '|', value = {
            "# 64|false",
            "// 64 units|false",
            "#64|false",
            "# 640|true",
            "# 32|true",
            "# 8*8|true",
            "# gives 64|true"})
    void aCommentStatingTheSameShapeReplacesTheHint(String comment, boolean shown) {
        String text = "model M : 784 -> 64 {\n  dense(64)  " + comment + "\n}\n";
        assertThat(InlayHints.hints(Marked.analyse(text, dir), WHOLE)).hasSize(shown ? 1 : 0);
    }

    @Test
    void aFunctionalBodyShowsAssignedAndReturnedValuesOnly() {
        String text = """
                model Encoder : 784 -> 64 {
                  dense(64)
                }

                model Autoencoder(x: 784) -> 784 {
                  h = dense(128, activation: relu)(x)
                  z = Encoder(dense(784)(h))
                  return dense(784, activation: sigmoid)(z)
                }
                """;
        List<InlayHint> hints = InlayHints.hints(Marked.analyse(text, dir), WHOLE);
        assertThat(hints).extracting(h -> h.getLabel().getLeft()).containsExactly("64", "128", "64", "784");
        assertThat(hints).extracting(h -> h.getPosition().getLine()).containsExactly(1, 5, 6, 7);
        assertThat(hints.get(2).getPosition().getCharacter()).isEqualTo("  z = Encoder(dense(784)(h))".length());
    }

    @Test
    void noHintWhereTheShapeIsUnknown() {
        String text = """
                model M : 784 -> 10 {
                  dense(64)
                  reshape(7x7x8)
                  flatten
                  dense(10)
                }
                """;
        Analysis analysis = Marked.analyse(text, dir);
        assertThat(analysis.result().ok()).isFalse();
        assertThat(InlayHints.hints(analysis, WHOLE)).extracting(h -> h.getLabel().getLeft()).containsExactly("64");
    }

    @Test
    void onlyHintsWithinTheRange() {
        String text = "model M : 784 -> 10 {\n  dense(64)\n  dense(32)\n  dense(10)\n}\n";
        List<InlayHint> hints = InlayHints.hints(Marked.analyse(text, dir),
                new Range(new Position(2, 0), new Position(2, 100)));
        assertThat(hints).extracting(h -> h.getLabel().getLeft()).containsExactly("32");
    }

    @Test
    void aFileThatDoesNotParseHasNoHints() {
        String text = "model M : 784 -> 10 {\n  dense(64\n}\n";
        assertThat(InlayHints.hints(Marked.analyse(text, dir), WHOLE)).isEmpty();
    }
}
