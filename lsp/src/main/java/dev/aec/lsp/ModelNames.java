package dev.aec.lsp;

import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Lexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The names of one file as written: the models it declares, the names that may use a model, and
 * its imports. Found in the file's tokens rather than its syntax tree, so that a file the user is
 * in the middle of typing, which does not parse, can still be navigated and renamed.
 *
 * <p>A use is an identifier that is neither declared (after `model`), nor a member (after `.`), nor
 * a key or an input's name (before `:`). Whether it names a model is decided by the files it is
 * compiled with: see {@link Unit#declaration}.
 */
final class ModelNames {
    /** How a name is written. */
    enum Role {
        DECLARATION,
        USE
    }

    /** One name and its place. */
    record Name(String text, Span span, Role role) {
    }

    /** One `import "..."`: the path as the compiler reads it, and the span of its quoted string. */
    record ImportPath(String path, Span span) {
    }

    private final SourceFile source;
    private final List<Name> names;
    private final List<ImportPath> imports;
    private final List<Lexer.Token> identifiers;

    private ModelNames(SourceFile source, List<Name> names, List<ImportPath> imports, List<Lexer.Token> identifiers) {
        this.source = source;
        this.names = List.copyOf(names);
        this.imports = List.copyOf(imports);
        this.identifiers = List.copyOf(identifiers);
    }

    static ModelNames of(SourceFile source) {
        List<Lexer.Token> tokens = Lexer.tokens(source).stream().filter(t -> !t.kind().isComment()).toList();
        List<Name> names = new ArrayList<>();
        List<ImportPath> imports = new ArrayList<>();
        List<Lexer.Token> identifiers = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Lexer.Token token = tokens.get(i);
            Optional<Lexer.Token> before = i > 0 ? Optional.of(tokens.get(i - 1)) : Optional.empty();
            Optional<Lexer.Token> after = i + 1 < tokens.size() ? Optional.of(tokens.get(i + 1)) : Optional.empty();
            if (token.kind() == Lexer.Kind.STRING && before.filter(t -> t.kind() == Lexer.Kind.IMPORT).isPresent()) {
                imports.add(new ImportPath(Lexer.unquote(token.text()), token.span()));
            }
            if (token.kind() != Lexer.Kind.IDENT) {
                continue;
            }
            identifiers.add(token);
            if (before.filter(t -> t.kind() == Lexer.Kind.MODEL).isPresent()) {
                names.add(new Name(token.text(), token.span(), Role.DECLARATION));
            } else if (before.filter(t -> t.is(".")).isEmpty() && after.filter(t -> t.is(":")).isEmpty()) {
                names.add(new Name(token.text(), token.span(), Role.USE));
            }
        }
        return new ModelNames(source, names, imports, identifiers);
    }

    SourceFile source() {
        return source;
    }

    List<Name> names() {
        return names;
    }

    List<Name> declarations() {
        return names.stream().filter(n -> n.role() == Role.DECLARATION).toList();
    }

    List<ImportPath> imports() {
        return imports;
    }

    /** Every identifier of the file, whatever it names. */
    List<Lexer.Token> identifiers() {
        return identifiers;
    }

    /** The name under the cursor at `offset`, or just before it (the cursor at the end of a word). */
    Optional<Name> nameAt(int offset) {
        return at(names, offset, Name::span);
    }

    Optional<ImportPath> importAt(int offset) {
        return at(imports, offset, ImportPath::span);
    }

    private static <T> Optional<T> at(List<T> items, int offset, Function<T, Span> span) {
        Optional<T> touching = Optional.empty();
        for (T item : items) {
            Span s = span.apply(item);
            if (s.start() <= offset && offset < s.end()) {
                return Optional.of(item);
            }
            if (s.end() == offset) {
                touching = Optional.of(item);
            }
        }
        return touching;
    }
}
