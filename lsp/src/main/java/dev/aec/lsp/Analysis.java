package dev.aec.lsp;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.source.SourceFile;

/**
 * One open document as the server last checked it: the text of that version and what the compiler
 * made of it (with its imports). Every feature reads an analysis and never compiles on its own, so a
 * hover and the diagnostics beside it always agree.
 */
public record Analysis(String uri, int version, SourceFile source, Compiler.Result result) {
}
