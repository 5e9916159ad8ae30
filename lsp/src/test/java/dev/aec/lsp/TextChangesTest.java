package dev.aec.lsp;

import static dev.aec.lsp.LspDiagnosticsTest.range;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextChangesTest {
    @ParameterizedTest(name = "{0},{1}-{2},{3} <- \"{4}\" gives \"{5}\"")
    @CsvSource(delimiter = '|', value = {
        "0|0|0|0|x|xab\\ncd\\r\\nef",
        "0|1|1|1|''|ad\\r\\nef",
        "1|2|2|0|-|ab\\ncd-ef",
        "2|2|2|2|!|ab\\ncd\\r\\nef!",
        "0|99|0|99|?|ab?\\ncd\\r\\nef",
        "9|0|9|0|end|ab\\ncd\\r\\nefend",
        "1|2|0|1|~|ab\\ncd~\\r\\nef"})
    void aRangeIsReplacedWhereTheProtocolsPositionsSay(int startLine, int startCharacter, int endLine, int endCharacter,
                                                        String text, String expected) {
        String before = "ab\ncd\r\nef";
        String after = TextChanges.apply(before, List.of(new TextDocumentContentChangeEvent(
                range(startLine, startCharacter, endLine, endCharacter), text)));
        assertThat(after).isEqualTo(expected.replace("\\n", "\n").replace("\\r", "\r"));
    }

    @Test
    void changesApplyInOrderEachToTheTextTheOnesBeforeLeft() {
        String after = TextChanges.apply("model A", List.of(
                new TextDocumentContentChangeEvent(range(0, 6, 0, 7), "Net"),
                new TextDocumentContentChangeEvent(range(0, 9, 0, 9), "work"),
                new TextDocumentContentChangeEvent("whole new text"),
                new TextDocumentContentChangeEvent(range(0, 0, 0, 5), "a")));
        assertThat(after).isEqualTo("a new text");
    }

    @Test
    void positionsCountUtf16UnitsSoAnEmojiIsTwo() {
        String after = TextChanges.apply("\ud83d\ude00x", List.of(new TextDocumentContentChangeEvent(range(0, 2, 0, 3), "y")));
        assertThat(after).isEqualTo("\ud83d\ude00y");
    }
}
