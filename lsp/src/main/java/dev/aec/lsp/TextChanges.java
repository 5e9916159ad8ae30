package dev.aec.lsp;

import dev.aec.compiler.source.SourceFile;
import java.util.List;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * Applies the editor's edits to a document's text, in the order they came: a change with a range
 * replaces that range (positions counted in the text as the edits before it left it), a change
 * without one is the whole new text.
 */
final class TextChanges {
    private TextChanges() {
    }

    static String apply(String text, List<TextDocumentContentChangeEvent> changes) {
        String current = text;
        for (TextDocumentContentChangeEvent change : changes) {
            String inserted = change.getText() == null ? "" : change.getText();
            Range range = change.getRange();
            if (range == null || range.getStart() == null || range.getEnd() == null) {
                current = inserted;
                continue;
            }
            SourceFile file = new SourceFile("", current);
            int start = Positions.offset(file, range.getStart());
            // A client that sends an end before its start gets the empty range at the start, not an exception.
            int end = Math.max(start, Positions.offset(file, range.getEnd()));
            current = current.substring(0, start) + inserted + current.substring(end);
        }
        return current;
    }
}
