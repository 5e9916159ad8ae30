package dev.aec.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.lsp.features.EditorTexts;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editor features as an editor gets them: through the protocol from the running server, on
 * the document's latest check (the providers themselves are tested in {@code dev.aec.lsp.features}).
 */
class LspEditorFeaturesTest {
    private static final String MODEL = """
            model Encoder : 28x28x1 -> 14x14x16 {
              conv2d(16, kernel: 3x3, activation: relu, padding: same)
              maxpool(2x2)
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void hoverOverALayerShowsItsOutputShapeAndParameters() {
        try (LspSession session = LspSession.start()) {
            String uri = session.open(tmp.resolve("enc.aemodel"), MODEL);
            session.awaitDiagnostics(uri);

            Hover hover = session.await(session.remote().getTextDocumentService()
                    .hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(1, 4))));

            assertThat(hover.getContents().getRight().getValue()).contains("conv2d").contains("28x28x16").contains("160");
        }
    }

    @Test
    void inlayHintsGiveEveryLayerLinesShapeAtItsEnd() {
        try (LspSession session = LspSession.start()) {
            String uri = session.open(tmp.resolve("enc.aemodel"), MODEL);
            session.awaitDiagnostics(uri);

            List<InlayHint> hints = session.await(session.remote().getTextDocumentService()
                    .inlayHint(new InlayHintParams(new TextDocumentIdentifier(uri), new Range(new Position(0, 0),
                            new Position(4, 0)))));

            assertThat(hints).extracting(h -> h.getLabel().getLeft().strip()).containsExactly("28x28x16", "14x14x16");
            assertThat(hints).extracting(InlayHint::getPosition)
                    .containsExactly(new Position(1, MODEL.lines().toList().get(1).length()), new Position(2, 14));
        }
    }

    @Test
    void completionAfterAnArgumentKeyOffersItsValues() {
        try (LspSession session = LspSession.start()) {
            String text = MODEL.replace("activation: relu", "activation: ");
            String uri = session.open(tmp.resolve("enc.aemodel"), text);
            session.awaitDiagnostics(uri);
            int character = text.lines().toList().get(1).indexOf("activation: ") + "activation: ".length();

            List<CompletionItem> items = session.await(session.remote().getTextDocumentService()
                    .completion(new CompletionParams(new TextDocumentIdentifier(uri), new Position(1, character))))
                    .getLeft();

            assertThat(items).extracting(CompletionItem::getLabel).contains("relu", "sigmoid", "tanh")
                    .doesNotContain("conv2d", "padding");
        }
    }

    @Test
    void signatureHelpInsideALayerCallNamesItsParameters() {
        try (LspSession session = LspSession.start()) {
            String uri = session.open(tmp.resolve("enc.aemodel"), MODEL);
            session.awaitDiagnostics(uri);
            int character = MODEL.lines().toList().get(1).indexOf("kernel");

            SignatureHelp help = session.await(session.remote().getTextDocumentService()
                    .signatureHelp(new SignatureHelpParams(new TextDocumentIdentifier(uri), new Position(1, character))));

            assertThat(help.getSignatures()).singleElement()
                    .satisfies(s -> assertThat(s.getLabel()).startsWith("conv2d(").contains("kernel").contains("padding"));
            assertThat(help.getSignatures().get(0).getParameters().get(help.getActiveParameter()).getLabel().getRight())
                    .isNotNull();
        }
    }

    @Test
    void aQuickFixForAMisspeltLayerMendsTheFileWhenApplied() {
        try (LspSession session = LspSession.start()) {
            String broken = MODEL.replace("maxpool(2x2)", "maxpol(2x2)");
            String uri = session.open(tmp.resolve("enc.aemodel"), broken);
            List<Diagnostic> diagnostics = session.awaitDiagnostics(uri);
            assertThat(diagnostics).singleElement().satisfies(d -> assertThat(d.getCode().getLeft()).isEqualTo("E0101"));

            List<Either<Command, CodeAction>> actions = session.await(session.remote().getTextDocumentService()
                    .codeAction(new CodeActionParams(new TextDocumentIdentifier(uri), diagnostics.get(0).getRange(),
                            new CodeActionContext(diagnostics))));

            CodeAction fix = actions.get(0).getRight();
            assertThat(fix.getKind()).isEqualTo("quickfix");
            assertThat(fix.getTitle()).contains("maxpool");
            List<TextEdit> edits = fix.getEdit().getChanges().get(uri);
            String fixed = EditorTexts.apply(broken, edits);
            assertThat(fixed).isEqualTo(MODEL);
            session.change(uri, fixed);
            assertThat(session.awaitDiagnostics(uri)).isEmpty();
        }
    }

    @Test
    void formattingLaysTheDocumentOutAsAecFmtDoes() {
        try (LspSession session = LspSession.start()) {
            String messy = "model Encoder:28x28x1->14x14x16{\n    conv2d( 16,kernel:3x3 , activation:relu, padding:same)\n"
                    + "maxpool(2x2)   # halves\n}";
            String uri = session.open(tmp.resolve("enc.aemodel"), messy);
            session.awaitDiagnostics(uri);

            List<? extends TextEdit> edits = session.await(session.remote().getTextDocumentService()
                    .formatting(new DocumentFormattingParams(new TextDocumentIdentifier(uri), new FormattingOptions(2, true))));

            assertThat(EditorTexts.apply(messy, List.copyOf(edits))).isEqualTo(MODEL.replace("maxpool(2x2)", "maxpool(2x2) # halves"));
        }
    }
}
