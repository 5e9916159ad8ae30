package dev.aec.lsp.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.source.SourceFile;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The providers answer on every half-typed text: each example model cut short at many places, asked
 * at its end and at its middle, as an editor asks while the user types it from the top.
 */
class TypingTest {
    /** Every cut this many characters apart: enough to land inside every kind of token. */
    private static final int STEP = 11;

    @TempDir
    Path dir;

    static Stream<Path> models() throws IOException {
        return ModelsFolderTest.models();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyProviderAnswersOnEveryPrefix(Path path) throws IOException {
        String text = Files.readString(path);
        int asked = 0;
        for (int end = 0; end <= text.length(); end += STEP) {
            String prefix = text.substring(0, end);
            Analysis analysis = Marked.analyse(prefix, dir);
            SourceFile file = analysis.source();
            for (int offset : new int[] {end, end / 2}) {
                Position at = Positions.position(file, offset);
                assertThat(Hovers.hover(analysis, at)).isNotNull();
                assertThat(Completions.complete(analysis, at)).isNotNull();
                assertThat(SignatureHelps.signatureHelp(analysis, at)).isNotNull();
                asked++;
            }
            assertThat(InlayHints.hints(analysis, new Range(new Position(0, 0), Positions.position(file, end))))
                    .allSatisfy(h -> assertThat(h.getLabel().getLeft()).matches("\\d+(x\\d+)*"));
        }
        assertThat(asked).isGreaterThan(2 * (text.length() / STEP));
    }
}
