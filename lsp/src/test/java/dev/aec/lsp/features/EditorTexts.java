package dev.aec.lsp.features;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.source.SourceFile;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.TextEdit;

/** EditorTexts as the server holds them, and edits applied as an editor applies them. */
public final class EditorTexts {
    static final String URI = "file:///project/t.aemodel";

    private EditorTexts() {
    }

    static Analysis analysis(String text) {
        SourceFile source = new SourceFile("t.aemodel", text);
        return new Analysis(URI, 1, source, Compiler.compile(source, Path.of("").toAbsolutePath()));
    }

    /** `text` with `edits` applied, each range read against the text before any of them. */
    public static String apply(String text, List<TextEdit> edits) {
        SourceFile file = new SourceFile("t.aemodel", text);
        StringBuilder out = new StringBuilder(text);
        edits.stream()
                .sorted(Comparator.comparingInt((TextEdit e) -> Positions.offset(file, e.getRange().getStart()))
                        .reversed())
                .forEach(e -> out.replace(Positions.offset(file, e.getRange().getStart()),
                        Positions.offset(file, e.getRange().getEnd()), e.getNewText()));
        return out.toString();
    }
}
