package dev.aec.compiler.diag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineEditsTest {
    private static String insert(String text, String at, boolean before) {
        SourceFile file = new SourceFile("t.aemodel", text);
        int start = text.indexOf(at);
        Span span = new Span(file, start, start + at.length());
        Fix fix = new Fix("t", List.of(before ? LineEdits.before(span, "flatten") : LineEdits.after(span, "flatten")));
        return fix.applyTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            before a layer on its own line   | {\\n  dense(10)\\n}              | dense(10) | true  | {\\n  flatten\\n  dense(10)\\n}
            before a layer sharing its line  | { relu dense(10) }             | dense(10) | true  | { relu flatten dense(10) }
            after a layer on its own line    | {\\n  relu\\n}                 | relu      | false | {\\n  relu\\n  flatten\\n}
            after a layer and its comment    | {\\n  relu   # why\\n}         | relu      | false | {\\n  relu   # why\\n  flatten\\n}
            after a value inside its line    | {\\n  loss: mse\\n}            | mse       | false | {\\n  loss: mse\\n  flatten\\n}
            after a layer before a brace     | { relu }                       | relu      | false | { relu flatten }
            with the file's line endings     | {\\r\\n  relu\\r\\n}           | relu      | false | {\\r\\n  relu\\r\\n  flatten\\r\\n}
            """)
    void insertedLineTakesItsNeighboursIndentAndLineEnding(String name, String text, String at, boolean before,
                                                          String expected) {
        assertThat(insert(unescape(text), at, before)).isEqualTo(unescape(expected));
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
