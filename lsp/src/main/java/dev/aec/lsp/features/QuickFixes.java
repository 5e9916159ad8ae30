package dev.aec.lsp.features;

import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Fix;
import dev.aec.compiler.source.SourceFile;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * The quick fixes of a document: the compiler's own fixes of its diagnostics (the name a "did you
 * mean" offers, the missing `flatten`, an input size that round-trips) as code actions of kind
 * `quickfix`. A fix that would edit another file than the document is not offered.
 */
public final class QuickFixes {
    private QuickFixes() {
    }

    /**
     * The fixes of the diagnostics of `analysis` that overlap `range` or are among the diagnostics the
     * editor sent in `context`, in source order; none when `context` asks only for other kinds. A
     * diagnostic's fix is the preferred action when it is its only one.
     */
    public static List<CodeAction> codeActions(Analysis analysis, Range range, CodeActionContext context) {
        if (!wantsQuickFixes(context)) {
            return List.of();
        }
        SourceFile file = analysis.source();
        int from = Positions.offset(file, range.getStart());
        int to = Positions.offset(file, range.getEnd());
        List<org.eclipse.lsp4j.Diagnostic> sent = context.getDiagnostics() == null
                ? List.of() : context.getDiagnostics();
        List<CodeAction> actions = new ArrayList<>();
        for (Diagnostic diagnostic : analysis.result().diagnostics().sorted()) {
            if (!inDocument(diagnostic.span().file(), analysis)) {
                continue;
            }
            Optional<org.eclipse.lsp4j.Diagnostic> matched = sent.stream()
                    .filter(d -> sameAs(d, diagnostic)).findFirst();
            boolean overlaps = diagnostic.span().start() <= to && diagnostic.span().end() >= from;
            if (matched.isEmpty() && !overlaps) {
                continue;
            }
            List<Fix> fixes = diagnostic.fixes().stream()
                    .filter(fix -> fix.edits().stream().allMatch(edit -> inDocument(edit.span().file(), analysis)))
                    .toList();
            for (Fix fix : fixes) {
                CodeAction action = new CodeAction(fix.title());
                action.setKind(CodeActionKind.QuickFix);
                matched.ifPresent(d -> action.setDiagnostics(List.of(d)));
                List<TextEdit> edits = fix.edits().stream()
                        .map(edit -> new TextEdit(Positions.range(edit.span()), edit.replacement()))
                        .toList();
                action.setEdit(new WorkspaceEdit(Map.of(analysis.uri(), edits)));
                if (fixes.size() == 1) {
                    action.setIsPreferred(true);
                }
                actions.add(action);
            }
        }
        return actions;
    }

    /** Whether `only`, when the editor sent it, names quick fixes or a kind they belong to. */
    private static boolean wantsQuickFixes(CodeActionContext context) {
        List<String> only = context.getOnly();
        return only == null || only.isEmpty() || only.stream().anyMatch(kind -> kind.isEmpty()
                || kind.equals(CodeActionKind.QuickFix) || CodeActionKind.QuickFix.startsWith(kind + "."));
    }

    /** The protocol's diagnostic for this one: the same range and, when it has one, the same code. */
    private static boolean sameAs(org.eclipse.lsp4j.Diagnostic sent, Diagnostic diagnostic) {
        if (!Positions.range(diagnostic.span()).equals(sent.getRange())) {
            return false;
        }
        return sent.getCode() == null
                || (sent.getCode().isLeft() && sent.getCode().getLeft().equals(diagnostic.code().name()));
    }

    private static boolean inDocument(SourceFile file, Analysis analysis) {
        return file == analysis.source() || file == analysis.result().main();
    }
}
