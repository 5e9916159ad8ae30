package dev.aec.lsp.features;

import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Lexer;
import dev.aec.compiler.syntax.Lexer.Token;
import dev.aec.compiler.types.Shape;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The output shape of every layer line of a sequential body and of every assigned (and returned) value
 * of a functional body, shown at the end of its call as the hand-written `# 28x28x16` comments of the
 * example models do. A value whose shape is unknown (after an error) gets none.
 */
public final class InlayHints {
    private InlayHints() {
    }

    /**
     * The hints whose place lies within `range`, in text order. A line whose comment already states
     * that same shape right after the `#` gets no hint: it would say the same thing twice; when the
     * comment states another shape the hint stays, so a stale comment shows beside the true shape.
     */
    public static List<InlayHint> hints(Analysis analysis, Range range) {
        Optional<CheckedProgram> program = analysis.result().program();
        if (program.isEmpty()) {
            return List.of();
        }
        SourceFile main = analysis.result().main();
        SourceFile text = analysis.source();
        int from = Positions.offset(text, range.getStart());
        int to = Positions.offset(text, range.getEnd());
        List<Token> comments = Lexer.tokens(text).stream().filter(t -> t.kind().isComment()).toList();
        List<InlayHint> hints = new ArrayList<>();
        List<ModelDef> defs = program.get().program().models().stream().filter(d -> d.span().file() == main)
                .sorted(Comparator.comparingInt(d -> d.span().start())).toList();
        for (ModelDef def : defs) {
            Optional<CheckedModel> model = program.get().model(def.name());
            if (model.isEmpty()) {
                continue;
            }
            for (Node node : def.nodes()) {
                boolean shown = def.form() == ModelDef.Form.SEQUENTIAL || node.boundName().isPresent()
                        || node.id() == def.result();
                Shape shape = model.get().nodeShapes().get(node.id());
                int at = node.span().end();
                if (!shown || !shape.isKnown() || at < from || at > to || statedInComment(text, comments, at, shape)) {
                    continue;
                }
                InlayHint hint = new InlayHint(Positions.position(text, at), Either.forLeft(shape.toString()));
                hint.setKind(InlayHintKind.Type);
                hint.setPaddingLeft(true);
                hint.setTooltip(Either.forLeft(Descriptions.parameters(model.get().nodeParams().get(node.id()))));
                hints.add(hint);
            }
        }
        return hints;
    }

    /** True when the first comment after `end` on its line opens with `shape` as a word of its own. */
    private static boolean statedInComment(SourceFile text, List<Token> comments, int end, Shape shape) {
        int line = text.lineOf(end);
        for (Token comment : comments) {
            if (comment.span().start() < end) {
                continue;
            }
            if (text.lineOf(comment.span().start()) != line) {
                return false;
            }
            String body = comment.text().replaceFirst("^(#|//|/\\*)\\s*", "");
            String stated = shape.toString();
            return body.startsWith(stated) && (body.length() == stated.length()
                    || !Character.isLetterOrDigit(body.charAt(stated.length())));
        }
        return false;
    }
}
