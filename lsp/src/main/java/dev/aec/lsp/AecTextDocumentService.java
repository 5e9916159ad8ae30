package dev.aec.lsp;

import dev.aec.lsp.features.Completions;
import dev.aec.lsp.features.Formatting;
import dev.aec.lsp.features.Hovers;
import dev.aec.lsp.features.InlayHints;
import dev.aec.lsp.features.QuickFixes;
import dev.aec.lsp.features.SignatureHelps;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The requests and notifications about documents: edits are handed to the {@link Workspace}, and
 * every question is answered from a document's latest check (see {@link Workspace#answer}).
 *
 * The editor features themselves (hover, inlay hints, completion, signature help, formatting, quick
 * fixes) are the pure providers of {@code dev.aec.lsp.features}, each asked with the document's latest
 * analysis.
 */
final class AecTextDocumentService implements TextDocumentService {
    private final Workspace workspace;
    /** Whether the editor said it expands snippets (`${1:units}`) in completions; asked at each completion. */
    private final BooleanSupplier snippetsAccepted;

    AecTextDocumentService(Workspace workspace, BooleanSupplier snippetsAccepted) {
        this.workspace = workspace;
        this.snippetsAccepted = snippetsAccepted;
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        safely("an opened document", () -> workspace.opened(params.getTextDocument().getUri(),
                params.getTextDocument().getVersion(), params.getTextDocument().getText()));
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        safely("an edit", () -> workspace.changed(params.getTextDocument().getUri(),
                params.getTextDocument().getVersion(), params.getContentChanges()));
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        safely("a closed document", () -> workspace.closed(params.getTextDocument().getUri()));
    }

    /** Saving changes nothing: the server checks the editor's text, which is already current. */
    @Override
    public void didSave(DidSaveTextDocumentParams params) {
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return answered(workspace.<Either<List<? extends Location>, List<? extends LocationLink>>>answer(
                params.getTextDocument().getUri(),
                here -> Either.forLeft(Navigator.definition(here, params.getPosition())),
                Either.forLeft(List.of())));
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        boolean withDeclaration = params.getContext() != null && params.getContext().isIncludeDeclaration();
        return answered(workspace.<List<? extends Location>>answerWithAll(params.getTextDocument().getUri(),
                (here, all) -> new Navigator(all).references(here, params.getPosition(), withDeclaration), List.of()));
    }

    @Override
    public CompletableFuture<Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior>> prepareRename(
            PrepareRenameParams params) {
        return answered(workspace.<Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior>>answer(
                params.getTextDocument().getUri(),
                here -> Either3.forSecond(Navigator.prepareRename(here, params.getPosition())),
                null));
    }

    @Override
    public CompletableFuture<WorkspaceEdit> rename(RenameParams params) {
        return answered(workspace.answerWithAll(params.getTextDocument().getUri(),
                (here, all) -> new Navigator(all).rename(here, params.getPosition(), params.getNewName()),
                new WorkspaceEdit()));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        return answered(workspace.<List<Either<SymbolInformation, DocumentSymbol>>>answer(
                params.getTextDocument().getUri(),
                unit -> Outline.of(unit.analysis()).stream()
                        .<Either<SymbolInformation, DocumentSymbol>>map(Either::forRight).toList(),
                List.of()));
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return answered(workspace.answer(params.getTextDocument().getUri(),
                unit -> Hovers.hover(unit.analysis(), params.getPosition()).orElse(null), null));
    }

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        return answered(workspace.answer(params.getTextDocument().getUri(),
                unit -> InlayHints.hints(unit.analysis(), params.getRange()), List.of()));
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        boolean snippets = snippetsAccepted.getAsBoolean();
        return answered(workspace.<Either<List<CompletionItem>, CompletionList>>answer(params.getTextDocument().getUri(),
                unit -> Either.forLeft(Completions.complete(unit.analysis(), params.getPosition(), snippets)),
                Either.forLeft(List.of())));
    }

    @Override
    public CompletableFuture<SignatureHelp> signatureHelp(SignatureHelpParams params) {
        return answered(workspace.answer(params.getTextDocument().getUri(),
                unit -> SignatureHelps.signatureHelp(unit.analysis(), params.getPosition()).orElse(null), null));
    }

    /** The whole document in the canonical layout (`aec fmt`), computed on its latest text; nothing when it does not parse. */
    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        return answered(workspace.<List<? extends TextEdit>>answer(params.getTextDocument().getUri(),
                unit -> Formatting.edits(unit.analysis()), List.of()));
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        return answered(workspace.<List<Either<Command, CodeAction>>>answer(params.getTextDocument().getUri(),
                unit -> QuickFixes.codeActions(unit.analysis(), params.getRange(), params.getContext()).stream()
                        .<Either<Command, CodeAction>>map(Either::forRight).toList(),
                List.of()));
    }

    /**
     * Runs a notification's work; a notification has no answer to carry an error, so a failure is
     * reported to the editor's log in one line instead of escaping to the protocol layer.
     */
    private void safely(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            workspace.report("aec could not take " + what + ": " + Workspace.describe(e));
        }
    }

    /**
     * The answer, or the error the editor gets instead: a feature's refusal as it gave it, anything
     * else as one line (see {@link AecLanguageServer#responseError}), never a stack trace.
     */
    private static <T> CompletableFuture<T> answered(CompletableFuture<T> answer) {
        return answer.handle((value, thrown) -> {
            if (thrown == null) {
                return value;
            }
            throw new ResponseErrorException(AecLanguageServer.responseError(thrown));
        });
    }
}
