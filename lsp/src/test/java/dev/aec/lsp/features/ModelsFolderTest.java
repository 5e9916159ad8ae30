package dev.aec.lsp.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.syntax.Lexer;
import dev.aec.compiler.types.Shape;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every provider over the example models, checked against what the checker computed for them. */
class ModelsFolderTest {
    private static final Range WHOLE = new Range(new Position(0, 0), new Position(100_000, 0));

    static Stream<Path> models() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.models())) {
            return files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyLayerLineGetsTheCheckedShapeOnceCommentsAreGone(Path path) throws IOException {
        Analysis analysis = analyse(path, withoutComments(Files.readString(path)));
        Map<Position, String> hints = InlayHints.hints(analysis, WHOLE).stream()
                .collect(Collectors.toMap(InlayHint::getPosition, h -> h.getLabel().getLeft()));
        List<Shown> shown = shown(analysis);
        assertThat(shown).isNotEmpty();
        for (Shown s : shown) {
            assertThat(hints).containsEntry(s.position(), s.shape().toString());
        }
        assertThat(hints).hasSameSizeAs(shown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void withCommentsAHintIsLeftOutOnlyWhereTheCommentStatesTheSameShape(Path path) throws IOException {
        Analysis analysis = analyse(path, Files.readString(path));
        Map<Position, String> hints = InlayHints.hints(analysis, WHOLE).stream()
                .collect(Collectors.toMap(InlayHint::getPosition, h -> h.getLabel().getLeft()));
        SourceFile file = analysis.source();
        for (Shown s : shown(analysis)) {
            if (hints.containsKey(s.position())) {
                assertThat(hints.get(s.position())).isEqualTo(s.shape().toString());
            } else {
                String rest = file.line(s.position().getLine() + 1).substring(s.position().getCharacter());
                assertThat(rest).matches("\\s*(#|//)\\s*" + s.shape() + "(\\W.*)?");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void hoveringEveryLayerCallShowsItsShape(Path path) throws IOException {
        Analysis analysis = analyse(path, Files.readString(path));
        CheckedProgram program = analysis.result().program().orElseThrow();
        for (ModelDef def : mainModels(analysis)) {
            CheckedModel model = program.model(def.name()).orElseThrow();
            for (Node node : def.nodes()) {
                Position at = Positions.position(analysis.source(), node.span().start());
                String text = HoversTest.markdown(Hovers.hover(analysis, at).orElseThrow());
                String shape = model.nodeShapes().get(node.id()).toString();
                if (node.op() instanceof Op.ModelOp used) {
                    // A nested model gives its declared output, which its signature shows.
                    assertThat(text).contains("model " + used.model() + " : ", "-> " + shape + "\n");
                } else {
                    assertThat(text).contains("-> `" + shape + "`");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void completingAtEveryLayerOffersItsNameAndSignatureHelpNamesItsKind(Path path) throws IOException {
        Analysis analysis = analyse(path, Files.readString(path));
        for (ModelDef def : mainModels(analysis)) {
            for (Node node : def.nodes()) {
                String call = node.span().text();
                String name = call.split("\\(", 2)[0].strip();
                int nameEnd = node.span().start() + name.length();
                List<String> labels = Completions.complete(analysis, Positions.position(analysis.source(), nameEnd))
                        .stream().map(CompletionItem::getLabel).toList();
                assertThat(labels).as("completing `%s` in %s", name, def.name()).contains(name);
                boolean configured = node.op() instanceof Op.LayerOp && call.startsWith(name + "(")
                        && (def.form() == ModelDef.Form.SEQUENTIAL || call.indexOf(")(") > 0);
                if (configured) {
                    Position inside = Positions.position(analysis.source(), nameEnd + 1);
                    assertThat(SignatureHelps.signatureHelp(analysis, inside)).as("inside `%s`", call)
                            .hasValueSatisfying(h -> assertThat(h.getSignatures().get(0).getLabel())
                                    .startsWith(name + "("));
                }
            }
        }
    }

    /** A node that gets a hint, where and with what. */
    private record Shown(Position position, Shape shape) {
    }

    private static List<Shown> shown(Analysis analysis) {
        CheckedProgram program = analysis.result().program().orElseThrow();
        List<Shown> shown = new ArrayList<>();
        for (ModelDef def : mainModels(analysis)) {
            CheckedModel model = program.model(def.name()).orElseThrow();
            assertThat(model.isComplete()).as("%s checks", def.name()).isTrue();
            for (Node node : def.nodes()) {
                if (def.form() == ModelDef.Form.SEQUENTIAL || node.boundName().isPresent() || node.id() == def.result()) {
                    shown.add(new Shown(Positions.position(analysis.source(), node.span().end()),
                            model.nodeShapes().get(node.id())));
                }
            }
        }
        return shown;
    }

    private static List<ModelDef> mainModels(Analysis analysis) {
        return analysis.result().program().orElseThrow().program().models().stream()
                .filter(d -> d.span().file() == analysis.result().main()).toList();
    }

    private static Analysis analyse(Path path, String text) {
        SourceFile source = new SourceFile(path.getFileName().toString(), text);
        Compiler.Result result = Compiler.compile(source, path.getParent());
        assertThat(result.ok()).as("%s compiles", path.getFileName()).isTrue();
        return new Analysis(path.toUri().toString(), 1, source, result);
    }

    /** The text with every comment blanked out, so that every offset stays where it was. */
    private static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text);
        for (Lexer.Token token : Lexer.tokens(new SourceFile("m.aemodel", text))) {
            if (token.kind().isComment()) {
                for (int i = token.span().start(); i < token.span().end(); i++) {
                    if (out.charAt(i) != '\n' && out.charAt(i) != '\r') {
                        out.setCharAt(i, ' ');
                    }
                }
            }
        }
        return out.toString();
    }
}
