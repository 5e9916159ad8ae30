package dev.aec.lsp.features;

import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.format.Formatter;
import dev.aec.compiler.source.SourceFile;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;

/**
 * Whole-document formatting: the edit that lays the document out as `aec fmt` does. The layout is
 * the language's one canonical layout, so the editor's tab size and spacing options play no part.
 */
public final class Formatting {
    private Formatting() {
    }

    /**
     * One edit replacing the whole text by its layout; none when the document is laid out already, or
     * does not parse (its syntax errors are the analysis's diagnostics already).
     */
    public static List<TextEdit> edits(Analysis analysis) {
        return edits(analysis.source());
    }

    /**
     * As {@link #edits(Analysis)} for a text alone: the edit replaces the whole document, so it must be
     * computed on the editor's current text, which may be newer than the last analysis.
     */
    public static List<TextEdit> edits(SourceFile file) {
        Optional<String> formatted = Formatter.format(file, new Diagnostics());
        if (formatted.isEmpty() || formatted.get().equals(file.text())) {
            return List.of();
        }
        Range whole = new Range(new Position(0, 0), Positions.position(file, file.text().length()));
        return List.of(new TextEdit(whole, formatted.get()));
    }
}
