package dev.aec.lsp.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.lsp.Analysis;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

class FormattingTest {
    @Test
    void messyDocumentIsReplacedWholeByItsLayout() {
        String text = "model A:784->10{dense(10)   # out\r\n}";
        Analysis analysis = EditorTexts.analysis(text);

        List<TextEdit> edits = Formatting.edits(analysis);

        assertThat(edits).singleElement().satisfies(edit ->
                assertThat(edit.getRange()).isEqualTo(new Range(new Position(0, 0), new Position(1, 1))));
        assertThat(EditorTexts.apply(text, edits)).isEqualTo("model A : 784 -> 10 {\n  dense(10) # out\n}\n");
    }

    @Test
    void laidOutDocumentNeedsNoEdit() {
        assertThat(Formatting.edits(EditorTexts.analysis("model A : 784 -> 10 {\n  dense(10) # out\n}\n"))).isEmpty();
    }

    @Test
    void documentThatDoesNotParseIsLeftAlone() {
        Analysis analysis = EditorTexts.analysis("model A : 784 -> 10 {\n  dense(10\n}\n");
        assertThat(analysis.result().diagnostics().hasErrors()).isTrue();
        assertThat(Formatting.edits(analysis)).isEmpty();
    }
}
