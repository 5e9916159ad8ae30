package dev.aec.lsp;

import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.syntax.Lexer;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/**
 * The outline of a document: its models, each with its layers and their output shapes when the
 * check got that far, and its train blocks. The declarations are found in the tokens, so a file
 * that does not parse still has an outline; their layers come from the checked program.
 */
final class Outline {
    /** Longest name of a layer the check could not read, shown as written. */
    private static final int MAX_NAME = 60;

    private Outline() {
    }

    static List<DocumentSymbol> of(Analysis analysis) {
        SourceFile source = analysis.source();
        List<Lexer.Token> tokens = Lexer.tokens(source).stream().filter(t -> !t.kind().isComment()).toList();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Lexer.Kind kind = tokens.get(i).kind();
            boolean member = i > 0 && tokens.get(i - 1).is(".");
            if (kind == Lexer.Kind.MODEL || (kind == Lexer.Kind.TRAIN && !member)) {
                starts.add(i);
            }
        }
        List<DocumentSymbol> symbols = new ArrayList<>();
        for (int d = 0; d < starts.size(); d++) {
            int first = starts.get(d);
            int next = d + 1 < starts.size() ? starts.get(d + 1) : tokens.size();
            int last = lastToken(tokens, first, next);
            Span span = tokens.get(first).span().to(tokens.get(last).span());
            Optional<Lexer.Token> name = first + 1 < next && tokens.get(first + 1).kind() == Lexer.Kind.IDENT
                    ? Optional.of(tokens.get(first + 1)) : Optional.empty();
            Span selection = name.map(Lexer.Token::span).orElse(tokens.get(first).span());
            if (tokens.get(first).kind() == Lexer.Kind.MODEL) {
                symbols.add(model(analysis, span, selection, name));
            } else {
                String shown = "train " + name.map(Lexer.Token::text).orElse("");
                symbols.add(new DocumentSymbol(shown.strip(), SymbolKind.Event, Positions.range(span),
                        Positions.range(selection)));
            }
        }
        return symbols;
    }

    /** The declaration's closing brace, or, when it has none, its last token before the next declaration. */
    private static int lastToken(List<Lexer.Token> tokens, int first, int next) {
        int depth = 0;
        for (int i = first; i < next; i++) {
            if (tokens.get(i).is("{")) {
                depth++;
            } else if (tokens.get(i).is("}") && depth > 0) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return next - 1;
    }

    private static DocumentSymbol model(Analysis analysis, Span span, Span selection, Optional<Lexer.Token> name) {
        Optional<CheckedModel> checked = name.flatMap(n -> checkedModel(analysis, n));
        DocumentSymbol symbol = new DocumentSymbol(name.map(Lexer.Token::text).orElse("model"), SymbolKind.Class,
                Positions.range(span), Positions.range(selection));
        checked.map(CheckedModel::inferredOutput).filter(Shape::isKnown).ifPresent(s -> symbol.setDetail(s.toString()));
        List<DocumentSymbol> layers = new ArrayList<>();
        checked.ifPresent(model -> {
            List<Node> nodes = model.def().nodes();
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                Span at = node.span();
                if (at.file() != analysis.source() || at.start() < span.start() || at.end() > span.end()) {
                    continue;
                }
                DocumentSymbol layer = new DocumentSymbol(layerName(node), kind(node.op()), Positions.range(at),
                        Positions.range(at));
                Shape shape = i < model.nodeShapes().size() ? model.nodeShapes().get(i) : Shape.UNKNOWN;
                if (shape.isKnown()) {
                    layer.setDetail(shape.toString());
                }
                layers.add(layer);
            }
        });
        layers.sort(Comparator.comparing((DocumentSymbol s) -> s.getRange().getStart().getLine())
                .thenComparing(s -> s.getRange().getStart().getCharacter()));
        symbol.setChildren(layers);
        return symbol;
    }

    /** The checked model declared at `name`, when the check got as far as checking it. */
    private static Optional<CheckedModel> checkedModel(Analysis analysis, Lexer.Token name) {
        Optional<CheckedProgram> program = analysis.result().program();
        return program.flatMap(p -> p.model(name.text())).filter(m -> {
            ModelDef def = m.def();
            return def.nameSpan().file() == analysis.source() && def.nameSpan().start() == name.span().start();
        });
    }

    private static String layerName(Node node) {
        String bound = node.boundName().map(n -> n + " = ").orElse("");
        String what;
        if (node.op() instanceof Op.LayerOp layer) {
            what = layer.layer().describe();
        } else if (node.op() instanceof Op.ModelOp model) {
            what = model.model();
        } else {
            String text = node.span().text().strip();
            int end = text.indexOf('\n');
            what = end >= 0 ? text.substring(0, end).strip() : text;
            if (what.length() > MAX_NAME) {
                what = what.substring(0, MAX_NAME) + "...";
            }
        }
        String shown = bound + what;
        return shown.isBlank() ? "?" : shown;
    }

    private static SymbolKind kind(Op op) {
        return op instanceof Op.ModelOp ? SymbolKind.Class : SymbolKind.Function;
    }
}
