package dev.aec.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** The notifications about the workspace: model files changed on disk are checked again through their readers. */
final class AecWorkspaceService implements WorkspaceService {
    private final Workspace workspace;

    AecWorkspaceService(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The server has no settings of its own yet; its one option comes with `initialize`. */
    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        try {
            workspace.filesChanged(params.getChanges());
        } catch (RuntimeException e) {
            workspace.report("aec could not take changed files: " + Workspace.describe(e));
        }
    }
}
