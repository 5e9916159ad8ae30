package dev.aec.lsp.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Code;
import dev.aec.lsp.Analysis;
import dev.aec.lsp.Positions;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuickFixesTest {
    private static final String TYPO = "model A : 784 -> 10 {\n  densx(10)\n}\n";
    private static final Range ON_TYPO = new Range(new Position(1, 4), new Position(1, 4));
    private static final Range ON_HEADER = new Range(new Position(0, 0), new Position(0, 5));

    private static List<CodeAction> actions(Analysis analysis, Range range, CodeActionContext context) {
        return QuickFixes.codeActions(analysis, range, context);
    }

    private static String applied(Analysis analysis, CodeAction action) {
        return EditorTexts.apply(analysis.source().text(), action.getEdit().getChanges().get(EditorTexts.URI));
    }

    @Test
    void didYouMeanUnderTheCursorIsOnePreferredQuickFix() {
        Analysis analysis = EditorTexts.analysis(TYPO);

        List<CodeAction> actions = actions(analysis, ON_TYPO, new CodeActionContext(List.of()));

        assertThat(actions).singleElement().satisfies(action -> {
            assertThat(action.getTitle()).isEqualTo("change to `dense`");
            assertThat(action.getKind()).isEqualTo(CodeActionKind.QuickFix);
            assertThat(action.getIsPreferred()).isTrue();
            assertThat(action.getEdit().getChanges()).containsOnlyKeys(EditorTexts.URI);
            assertThat(applied(analysis, action)).isEqualTo("model A : 784 -> 10 {\n  dense(10)\n}\n");
        });
        assertThat(EditorTexts.analysis(applied(analysis, actions.get(0))).result().ok()).isTrue();
    }

    @Test
    void diagnosticTheEditorSendsIsFixedWhereverTheRangeIs() {
        Analysis analysis = EditorTexts.analysis(TYPO);
        Diagnostic sent = new Diagnostic(compilerDiagnosticRange(analysis), "unknown layer or model `densx`");
        sent.setCode(Code.E0101.name());

        List<CodeAction> actions = actions(analysis, ON_HEADER, new CodeActionContext(List.of(sent)));

        assertThat(actions).singleElement()
                .satisfies(action -> assertThat(action.getDiagnostics()).containsExactly(sent));
    }

    @Test
    void nothingIsOfferedAwayFromTheDiagnosticsOrForOtherKinds() {
        Analysis analysis = EditorTexts.analysis(TYPO);
        Diagnostic otherCode = new Diagnostic(compilerDiagnosticRange(analysis), "something else");
        otherCode.setCode("E0999");

        assertThat(actions(analysis, ON_HEADER, new CodeActionContext(List.of()))).isEmpty();
        assertThat(actions(analysis, ON_HEADER, new CodeActionContext(List.of(otherCode)))).isEmpty();
        assertThat(actions(analysis, ON_TYPO, new CodeActionContext(List.of(), List.of(CodeActionKind.Refactor))))
                .isEmpty();
        assertThat(actions(analysis, ON_TYPO, new CodeActionContext(List.of(), List.of(CodeActionKind.QuickFix))))
                .hasSize(1);
    }

    @Test
    void missingFlattenIsInsertedOnALineOfItsOwn() {
        Analysis analysis = EditorTexts.analysis("model A : 28x28x1 -> 10 {\n  dense(10)   # classes\n}\n");

        List<CodeAction> actions = actions(analysis, new Range(new Position(1, 2), new Position(1, 11)),
                new CodeActionContext(List.of()));

        assertThat(actions).singleElement().satisfies(action -> {
            assertThat(action.getTitle()).isEqualTo("add `flatten` before it");
            assertThat(applied(analysis, action))
                    .isEqualTo("model A : 28x28x1 -> 10 {\n  flatten\n  dense(10)   # classes\n}\n");
        });
    }

    @Test
    void roundTripSizesAreSeveralFixesNoneOfThemPreferred() {
        String text = "model A : 31x31x1 -> 31x31x1 {\n  maxpool(2x2)\n  upsample(2x2)\n}\n";
        Analysis analysis = EditorTexts.analysis(text);

        List<CodeAction> actions = actions(analysis, new Range(new Position(0, 0), new Position(3, 1)),
                new CodeActionContext(List.of()));

        assertThat(actions).extracting(CodeAction::getTitle).startsWith("declare `A` on 10x10x1");
        assertThat(actions).hasSizeGreaterThan(1).allSatisfy(action -> {
            assertThat(action.getTitle()).startsWith("declare `A` on ");
            assertThat(action.getIsPreferred()).isNull();
            assertThat(EditorTexts.analysis(applied(analysis, action)).result().ok()).as(action.getTitle()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown activation         | model A : 784 -> 10 {\\n  dense(10, activation: rleu)\\n}\\n
            an unknown argument name      | model A : 784 -> 10 {\\n  dense(10, activaton: relu)\\n}\\n
            an unknown model in train     | model Net : 784 -> 784 {\\n  relu\\n}\\ntrain Nett {\\n  data: mnist\\n  loss: mse\\n  optimizer: adam\\n}\\n
            a Keras layer name            | model A : 784 -> 10 {\\n  Dense(10)\\n}\\n
            """)
    void everyFixOfADocumentMakesItCheckCleanly(String name, String escaped) {
        String text = escaped.replace("\\n", "\n");
        Analysis analysis = EditorTexts.analysis(text);
        Range everything = new Range(new Position(0, 0), Positions.position(analysis.source(), text.length()));

        List<CodeAction> actions = actions(analysis, everything, new CodeActionContext(List.of()));

        assertThat(actions).as(name).singleElement().satisfies(action -> {
            Analysis fixed = EditorTexts.analysis(applied(analysis, action));
            assertThat(fixed.result().diagnostics().sorted()).as(fixed.source().text()).isEmpty();
        });
    }

    private static Range compilerDiagnosticRange(Analysis analysis) {
        return Positions.range(analysis.result().diagnostics().sorted().get(0).span());
    }
}
