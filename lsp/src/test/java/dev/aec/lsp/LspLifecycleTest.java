package dev.aec.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Starting, describing and stopping the server as the protocol says. */
class LspLifecycleTest {
    @Test
    void initializeAdvertisesIncrementalSyncAndEveryFeatureTheServerAnswers() {
        try (LspSession session = LspSession.start()) {
            ServerCapabilities capabilities = session.initializeResult().getCapabilities();

            assertThat(capabilities.getTextDocumentSync().getRight().getChange()).isEqualTo(TextDocumentSyncKind.Incremental);
            assertThat(capabilities.getTextDocumentSync().getRight().getOpenClose()).isTrue();
            assertThat(capabilities.getDefinitionProvider().getLeft()).isTrue();
            assertThat(capabilities.getReferencesProvider().getLeft()).isTrue();
            assertThat(capabilities.getRenameProvider().getRight().getPrepareProvider()).isTrue();
            assertThat(capabilities.getDocumentSymbolProvider().getLeft()).isTrue();
            assertThat(capabilities.getHoverProvider().getLeft()).isTrue();
            assertThat(capabilities.getCompletionProvider().getTriggerCharacters()).contains(":", "(");
            assertThat(capabilities.getSignatureHelpProvider().getTriggerCharacters()).contains("(", ",");
            assertThat(capabilities.getInlayHintProvider().getLeft()).isTrue();
            assertThat(capabilities.getDocumentFormattingProvider().getLeft()).isTrue();
            assertThat(capabilities.getCodeActionProvider().getRight().getCodeActionKinds()).containsExactly("quickfix");
            assertThat(session.initializeResult().getServerInfo().getName()).isEqualTo("aec");
        }
    }

    @Test
    void theServerAsksAnEditorThatAllowsItToWatchModelFiles() {
        try (LspSession session = LspSession.start()) {
            // A request answered means the `initialized` notification before it was handled.
            session.symbols("file:///nowhere/not-open.aemodel");

            assertThat(session.client().registrations()).singleElement().satisfies(params -> {
                Registration registration = params.getRegistrations().get(0);
                assertThat(registration.getMethod()).isEqualTo("workspace/didChangeWatchedFiles");
                assertThat(registration.getRegisterOptions().toString()).contains("**/*.aemodel");
            });
        }
    }

    @Test
    void shutdownThenExitEndsWithCodeZero() {
        try (LspSession session = LspSession.start()) {
            assertThat(session.shutdownAndExit()).isZero();
            assertThat(session.problems()).isEmpty();
        }
    }

    @Test
    void exitWithoutShutdownEndsWithCodeOne() {
        try (LspSession session = LspSession.start()) {
            assertThat(session.exit()).isEqualTo(1);
        }
    }

    @Test
    void aRequestForADocumentThatIsNotOpenGetsAnEmptyAnswer() {
        try (LspSession session = LspSession.start()) {
            assertThat(session.symbols("file:///nowhere/not-open.aemodel")).isEmpty();
            assertThat(session.definition("file:///nowhere/not-open.aemodel", new org.eclipse.lsp4j.Position(0, 0)))
                    .isEmpty();
        }
    }

    @Test
    void aRequestTheServerDoesNotAnswerIsRefusedByNameWithoutATrace() {
        try (LspSession session = LspSession.start()) {
            org.eclipse.lsp4j.CodeLensParams params = new org.eclipse.lsp4j.CodeLensParams(
                    new org.eclipse.lsp4j.TextDocumentIdentifier("file:///nowhere/a.aemodel"));

            assertThatThrownBy(() -> session.await(session.remote().getTextDocumentService().codeLens(params)))
                    .isInstanceOfSatisfying(ResponseErrorException.class, e -> {
                        assertThat(e.getResponseError().getCode()).isEqualTo(ResponseErrorCode.MethodNotFound.getValue());
                        assertThat(e.getResponseError().getData()).isNull();
                    });
            assertThat(session.problems()).isEmpty();
        }
    }

    @Test
    void anInternalFailureReachesTheEditorAsOneLineWithoutATrace() {
        ResponseError error = AecLanguageServer.responseError(
                new CompletionException(new IllegalStateException("node 3 reads a later node 5\n\tat dev.aec.X")));

        assertThat(error.getCode()).isEqualTo(ResponseErrorCode.InternalError.getValue());
        assertThat(error.getMessage())
                .isEqualTo("aec could not answer: internal error (IllegalStateException: node 3 reads a later node 5)");
        assertThat(error.getData()).isNull();
    }

    @ParameterizedTest(name = "{0} gives {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"checkDelayMillis\": 20}      | PT0.02S",
        "{\"checkDelayMillis\": 0}       | PT0S",
        "{\"checkDelayMillis\": 99999999} | PT10S",
        "{\"checkDelayMillis\": -5}      | ''",
        "{\"checkDelayMillis\": \"fast\"} | ''",
        "{}                              | ''"})
    void theCheckDelayOptionIsReadWithinBounds(String options, String delay) {
        JsonObject json = JsonParser.parseString(options).getAsJsonObject();
        assertThat(AecLanguageServer.checkDelay(json).map(Duration::toString).orElse("")).isEqualTo(delay);
    }
}
