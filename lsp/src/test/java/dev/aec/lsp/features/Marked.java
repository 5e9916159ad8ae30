package dev.aec.lsp.features;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.source.SourceFile;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import java.nio.file.Path;
import org.eclipse.lsp4j.Position;

/** A test text with the cursor marked by `|`, compiled as the server would. */
record Marked(String text, int offset) {
    static final char CURSOR = '|';

    static Marked of(String marked) {
        int at = marked.indexOf(CURSOR);
        if (at < 0 || marked.indexOf(CURSOR, at + 1) >= 0) {
            throw new IllegalArgumentException("mark the cursor once with " + CURSOR + ": " + marked);
        }
        return new Marked(marked.substring(0, at) + marked.substring(at + 1), at);
    }

    Analysis analysis(Path dir) {
        return analyse(text, dir);
    }

    Position position() {
        return Positions.position(new SourceFile("m.aemodel", text), offset);
    }

    static Analysis analyse(String text, Path dir) {
        SourceFile source = new SourceFile("m.aemodel", text);
        return new Analysis("file:///m.aemodel", 1, source, Compiler.compile(source, dir));
    }
}
