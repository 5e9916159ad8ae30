package dev.aec.lsp;

import dev.aec.compiler.layers.LayerKinds;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Lexer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Going to a model's declaration, finding its uses and renaming it, over the open documents and
 * the files they import. A name is followed through the unit of the document it is written in (see
 * {@link Unit}); a use elsewhere counts when, in its own unit, it means the same declaration. Going
 * to a declaration needs only the document's own unit; finding and renaming uses need every open one.
 */
final class Navigator {
    private final List<Unit> units;

    /** `units`: one per open document, each checked at the document's current version. */
    Navigator(List<Unit> units) {
        this.units = List.copyOf(units);
    }

    /** The declaration of the model named at `position`, or the file an import there names. */
    static List<Location> definition(Unit here, Position position) {
        int offset = Positions.offset(here.main().source(), position);
        Optional<ModelNames.ImportPath> imported = here.main().names().importAt(offset);
        if (imported.isPresent()) {
            Optional<Path> target = here.target(here.main(), imported.get()).filter(Files::isRegularFile);
            return target.map(p -> List.of(new Location(uriOf(here, p), new Range(new Position(0, 0),
                    new Position(0, 0))))).orElse(List.of());
        }
        return declarationAt(here, offset).map(d -> List.of(location(d.file(), d.name()))).orElse(List.of());
    }

    /** Every place that names the model named at `position`, its declaration too when asked. */
    List<Location> references(Unit here, Position position, boolean withDeclaration) {
        int offset = Positions.offset(here.main().source(), position);
        return declarationAt(here, offset).map(d -> uses(d, withDeclaration).stream()
                .map(u -> location(u.file(), u.name())).toList()).orElse(List.of());
    }

    /** The name at `position` and the text a rename starts from, when it is a model's name. */
    static PrepareRenameResult prepareRename(Unit here, Position position) {
        int offset = Positions.offset(here.main().source(), position);
        Optional<ModelNames.Name> name = here.main().names().nameAt(offset);
        if (name.isEmpty() || here.declaration(name.get().text()).isEmpty()) {
            throw refusal("only the name of a model can be renamed here");
        }
        return new PrepareRenameResult(Positions.range(name.get().span()), name.get().text());
    }

    /**
     * The edits that rename the model named at `position` to `newName`, in its declaration and every
     * use; refused when the name is not an identifier or would mean something else.
     */
    WorkspaceEdit rename(Unit here, Position position, String newName) {
        int offset = Positions.offset(here.main().source(), position);
        Unit.Declared declared = declarationAt(here, offset)
                .orElseThrow(() -> refusal("only the name of a model can be renamed here"));
        String oldName = declared.name().text();
        checkNewName(declared, newName);
        Map<String, List<TextEdit>> edits = new TreeMap<>();
        if (!newName.equals(oldName)) {
            for (Use use : uses(declared, true)) {
                edits.computeIfAbsent(use.file().uri(), u -> new ArrayList<>())
                        .add(new TextEdit(Positions.range(use.name().span()), newName));
            }
        }
        return new WorkspaceEdit(edits);
    }

    private void checkNewName(Unit.Declared declared, String newName) {
        List<Lexer.Token> tokens = Lexer.tokens(new SourceFile("", newName));
        if (tokens.size() != 1 || tokens.get(0).kind() != Lexer.Kind.IDENT || !tokens.get(0).text().equals(newName)) {
            boolean keyword = tokens.size() == 1 && tokens.get(0).text().equals(newName);
            throw refusal(keyword
                    ? "`" + newName + "` is a keyword of the language"
                    : "`" + printable(newName) + "` is not a name: a model's name is a letter or `_`, "
                            + "then letters, digits and `_`");
        }
        if (LayerKinds.find(newName).isPresent()) {
            throw refusal("`" + newName + "` is the name of a layer");
        }
        if (newName.equals(declared.name().text())) {
            return;
        }
        for (Unit unit : unitsReading(declared)) {
            Optional<Unit.Declared> other = unit.declaration(newName);
            if (other.isPresent()) {
                throw refusal("a model named `" + newName + "` already exists, at " + place(other.get().file(),
                        other.get().name().span().start()));
            }
            for (Unit.File file : unit.files()) {
                for (Lexer.Token token : file.names().identifiers()) {
                    if (token.text().equals(newName)) {
                        throw refusal("`" + newName + "` already names something else, at "
                                + place(file, token.span().start()));
                    }
                }
            }
        }
    }

    /** A model's name as written: where, and in which file. */
    private record Use(Unit.File file, ModelNames.Name name) {
    }

    /** The declaration and uses of `declared`, each place once, in order of file and position. */
    private List<Use> uses(Unit.Declared declared, boolean withDeclaration) {
        Map<String, Use> found = new LinkedHashMap<>();
        for (Unit unit : unitsReading(declared)) {
            for (Unit.File file : unit.files()) {
                for (ModelNames.Name name : file.names().names()) {
                    if (!name.text().equals(declared.name().text())
                            || (!withDeclaration && name.role() == ModelNames.Role.DECLARATION)) {
                        continue;
                    }
                    Optional<Unit.Declared> means = unit.declaration(name.text());
                    if (means.isPresent() && means.get().sameAs(declared)) {
                        found.putIfAbsent(file.uri() + "#" + name.span().start(), new Use(file, name));
                    }
                }
            }
        }
        return found.values().stream()
                .sorted(Comparator.comparing((Use u) -> u.file().uri()).thenComparingInt(u -> u.name().span().start()))
                .toList();
    }

    /** The units that read the file `declared` is in: only there can a name mean it. */
    private List<Unit> unitsReading(Unit.Declared declared) {
        return units.stream().filter(u -> u.file(declared.file().uri()).isPresent()).toList();
    }

    private static Optional<Unit.Declared> declarationAt(Unit here, int offset) {
        return here.main().names().nameAt(offset).flatMap(n -> here.declaration(n.text()));
    }

    private static Location location(Unit.File file, ModelNames.Name name) {
        return new Location(file.uri(), Positions.range(name.span()));
    }

    private static String uriOf(Unit here, Path path) {
        return here.files().stream().filter(f -> f.path().filter(path::equals).isPresent()).map(Unit.File::uri)
                .findFirst().orElse(Uris.of(path));
    }

    private static String place(Unit.File file, int offset) {
        SourceFile source = file.source();
        String name = file.path().map(p -> p.getFileName() == null ? p.toString() : p.getFileName().toString())
                .orElse(Uris.displayName(file.uri()));
        return name + ":" + source.lineOf(offset) + ":" + source.columnOf(offset);
    }

    /** A name shown in a message: control characters and very long names made harmless. */
    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(40).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return name.codePointCount(0, name.length()) > 40 ? shown + "..." : shown.toString();
    }

    private static ResponseErrorException refusal(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, message, null));
    }
}
