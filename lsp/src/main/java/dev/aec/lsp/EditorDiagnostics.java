package dev.aec.lsp;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Label;
import dev.aec.compiler.diag.Severity;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DiagnosticTag;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;

/**
 * The compiler's diagnostics of one analysis as the editor shows them on the analysed document.
 *
 * <p>A mistake in an imported file is shown on this document's `import` line that leads to that file
 * (with the place itself as related information), not published on the imported file's URI. The
 * protocol keeps one list of diagnostics per URI, replaced whole by each publication: if every
 * document importing a file published for it too, each would overwrite the others' lists and none
 * could tell when to clear them. The import line is also where the mistake breaks this document,
 * and the imported file, once opened, shows the mistake in place from its own check.
 */
final class EditorDiagnostics {
    /** The `source` of every diagnostic, naming who reports it. */
    static final String SOURCE = "aec";

    private EditorDiagnostics() {
    }

    /**
     * The diagnostics of `analysis`; `uriOf` names the files it imports as the editor knows them.
     * {@link org.eclipse.lsp4j.Diagnostic#getData()} holds, for quick fixes, `code` (as `E0101`),
     * `label` (the primary label), `helps` (each help line), and for a mistake shown on an import
     * line `uri` and `range` of the mistake itself.
     */
    static List<org.eclipse.lsp4j.Diagnostic> of(Analysis analysis, Function<Path, String> uriOf) {
        Unit unit = Unit.of(analysis, uriOf);
        List<org.eclipse.lsp4j.Diagnostic> shown = new ArrayList<>();
        for (Diagnostic diagnostic : analysis.result().diagnostics().sorted()) {
            shown.add(of(diagnostic, analysis, unit, uriOf));
        }
        return shown;
    }

    private static org.eclipse.lsp4j.Diagnostic of(Diagnostic diagnostic, Analysis analysis, Unit unit,
                                                   Function<Path, String> uriOf) {
        Span primary = diagnostic.span();
        List<DiagnosticRelatedInformation> related = new ArrayList<>();
        JsonObject data = new JsonObject();
        data.addProperty("code", diagnostic.code().name());
        data.addProperty("label", diagnostic.primary().message());
        JsonArray helps = new JsonArray();
        diagnostic.helps().forEach(helps::add);
        data.add("helps", helps);
        Range range;
        String message;
        if (isDocument(primary.file(), analysis)) {
            range = Positions.range(primary);
            message = text(diagnostic);
        } else {
            Optional<Path> path = analysis.result().pathOf(primary.file());
            Optional<Span> importLine = path.flatMap(unit::importLeadingTo);
            range = importLine.map(Positions::range).orElse(Positions.range(new Span(analysis.source(), 0, 0)));
            message = primary.location() + ": " + text(diagnostic);
            Optional<Location> place = location(primary, analysis, uriOf);
            place.ifPresent(l -> {
                String label = diagnostic.primary().message();
                related.add(new DiagnosticRelatedInformation(l, label.isEmpty() ? diagnostic.message() : label));
                data.addProperty("uri", l.getUri());
                data.add("range", rangeJson(l.getRange()));
            });
        }
        for (Label label : diagnostic.secondary()) {
            location(label.span(), analysis, uriOf)
                    .ifPresent(l -> related.add(new DiagnosticRelatedInformation(l, label.message())));
        }
        org.eclipse.lsp4j.Diagnostic shown = new org.eclipse.lsp4j.Diagnostic(range, message,
                severity(diagnostic.severity()), SOURCE, diagnostic.code().name());
        if (!related.isEmpty()) {
            shown.setRelatedInformation(related);
        }
        if (diagnostic.code() == Code.W0502) {
            // An unused value: editors fade it rather than underline it.
            shown.setTags(List.of(DiagnosticTag.Unnecessary));
        }
        shown.setData(data);
        return shown;
    }

    /**
     * The message, then the primary label, notes and help lines, one per line, as the terminal shows
     * them below the source: `help: ...`.
     */
    static String text(Diagnostic diagnostic) {
        StringBuilder text = new StringBuilder(diagnostic.message());
        String label = diagnostic.primary().message();
        if (!label.isBlank() && !label.equals(diagnostic.message())) {
            text.append('\n').append(label);
        }
        diagnostic.notes().forEach(n -> text.append("\nnote: ").append(n));
        diagnostic.helps().forEach(h -> text.append("\nhelp: ").append(h));
        return text.toString();
    }

    private static boolean isDocument(SourceFile file, Analysis analysis) {
        return file == analysis.source() || file == analysis.result().main();
    }

    private static Optional<Location> location(Span span, Analysis analysis, Function<Path, String> uriOf) {
        if (isDocument(span.file(), analysis)) {
            return Optional.of(new Location(analysis.uri(), Positions.range(span)));
        }
        return analysis.result().pathOf(span.file()).map(p -> new Location(uriOf.apply(p), Positions.range(span)));
    }

    private static DiagnosticSeverity severity(Severity severity) {
        return switch (severity) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
        };
    }

    private static JsonObject rangeJson(Range range) {
        JsonObject json = new JsonObject();
        json.add("start", positionJson(range.getStart()));
        json.add("end", positionJson(range.getEnd()));
        return json;
    }

    private static JsonObject positionJson(org.eclipse.lsp4j.Position position) {
        JsonObject json = new JsonObject();
        json.addProperty("line", position.getLine());
        json.addProperty("character", position.getCharacter());
        return json;
    }
}
