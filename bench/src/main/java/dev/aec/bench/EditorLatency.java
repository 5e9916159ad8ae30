package dev.aec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import dev.aec.lsp.AecLanguageServer;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * How long an editor waits for `aec lsp` on a large model file: a file of about 2,000 lines (a
 * hundred blocks of dense layers and the model that stacks them) is opened, then edited one number
 * at a time as a person would type, every tenth edit breaking a block's output shape and the next
 * mending it. Each edit's time runs from the change sent to the diagnostics of that version received
 * (the server told to check at once, without its typing delay), then a hover over a layer is timed.
 * After those, thousands more edits, and the heap the server keeps before and after them (each
 * after a full collection). The server runs in this process, over pipes, as the protocol library
 * connects it to an editor. Prints one JSON line.
 *
 * <pre>
 * EditorLatency [LINES [EDITS [MORE_EDITS]]]   default 2000 300 5000
 * </pre>
 */
final class EditorLatency {
    private EditorLatency() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int edits = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int moreEdits = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        System.out.println(new ObjectMapper().writeValueAsString(run(lines, edits, moreEdits)));
        System.exit(0);
    }

    /** A model file of about `lines` lines: blocks of dense layers, and a model stacking every block. */
    static String largeModel(int lines) {
        int blocks = Math.max(1, lines / 21);
        StringBuilder text = new StringBuilder("# A large model for the editor benchmark.\n\n");
        for (int b = 0; b < blocks; b++) {
            text.append("model Block").append(b).append(" : 256 -> 256 {\n");
            for (int k = 0; k < 8; k++) {
                text.append("  dense(").append(128 + 8 * k).append(", activation: relu)\n");
                text.append("  dropout(0.1)\n");
            }
            text.append("  dense(256, activation: relu)\n}\n\n");
        }
        text.append("model Large : 784 -> 784 {\n  dense(256, activation: relu)\n");
        for (int b = 0; b < blocks; b++) {
            text.append("  Block").append(b).append('\n');
        }
        text.append("  dense(784, activation: sigmoid)\n}\n");
        return text.toString();
    }

    static Map<String, Object> run(int lines, int edits, int moreEdits) throws Exception {
        Path dir = Files.createTempDirectory("aec-editor-latency");
        Path file = dir.resolve("large.aemodel");
        String text = largeModel(lines);
        Files.writeString(file, text);
        String uri = file.toUri().toString();
        List<String> textLines = new ArrayList<>(text.lines().toList());
        List<Integer> innerLayers = new ArrayList<>();
        List<Integer> blockEnds = new ArrayList<>();
        for (int i = 0; i < textLines.size(); i++) {
            if (textLines.get(i).startsWith("  dense(1")) {
                innerLayers.add(i);
            } else if (textLines.get(i).equals("  dense(256, activation: relu)") && i > 0
                    && textLines.get(i - 1).equals("  dropout(0.1)")) {
                blockEnds.add(i);
            }
        }

        Publications publications = new Publications();
        PipedInputStream serverIn = new PipedInputStream(1 << 20);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 20);
        PipedOutputStream toClient = new PipedOutputStream(clientIn);
        AecLanguageServer server = new AecLanguageServer(Duration.ZERO);
        Thread serving = new Thread(() -> server.serve(serverIn, toClient), "editor-latency-server");
        serving.setDaemon(true);
        serving.start();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(publications, clientIn, toServer);
        launcher.startListening();
        LanguageServer remote = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        JsonObject options = new JsonObject();
        options.addProperty(AecLanguageServer.CHECK_DELAY_OPTION, 0);
        init.setInitializationOptions(options);
        remote.initialize(init).get(60, TimeUnit.SECONDS);
        remote.initialized(new InitializedParams());

        long opened = System.nanoTime();
        remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "aemodel", 1, text)));
        publications.await(1);
        double openMs = (System.nanoTime() - opened) / 1e6;

        Editor editor = new Editor(remote, uri, textLines, innerLayers, blockEnds, publications);
        double[] editMs = new double[edits];
        double[] hoverMs = new double[edits];
        List<Double> withErrorMs = new ArrayList<>();
        for (int i = 0; i < edits; i++) {
            long start = System.nanoTime();
            PublishDiagnosticsParams published = editor.next();
            editMs[i] = (System.nanoTime() - start) / 1e6;
            if (!published.getDiagnostics().isEmpty()) {
                withErrorMs.add(editMs[i]);
            }
            int line = innerLayers.get(i % innerLayers.size());
            long asked = System.nanoTime();
            remote.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(line, 3)))
                    .get(60, TimeUnit.SECONDS);
            hoverMs[i] = (System.nanoTime() - asked) / 1e6;
        }
        double heapBefore = usedHeapMb();
        for (int i = 0; i < moreEdits; i++) {
            editor.next();
        }
        double heapAfter = usedHeapMb();

        Arrays.sort(editMs);
        Arrays.sort(hoverMs);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lines", textLines.size());
        out.put("open_ms", openMs);
        out.put("edits", edits);
        out.put("edits_with_errors", withErrorMs.size());
        out.put("edit_with_error_median_ms", withErrorMs.stream().sorted().skip(withErrorMs.size() / 2).findFirst()
                .orElse(0.0));
        out.put("edit_median_ms", editMs[edits / 2]);
        out.put("edit_p90_ms", editMs[edits * 9 / 10]);
        out.put("edit_max_ms", editMs[edits - 1]);
        out.put("hover_median_ms", hoverMs[edits / 2]);
        out.put("hover_max_ms", hoverMs[edits - 1]);
        out.put("more_edits", moreEdits);
        out.put("heap_mb_before", heapBefore);
        out.put("heap_mb_after", heapAfter);
        out.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1e6);
        return out;
    }

    /** One person typing: numbers changed in place, the document's version counted. */
    private static final class Editor {
        private final LanguageServer remote;
        private final String uri;
        private final List<String> lines;
        private final List<Integer> innerLayers;
        private final List<Integer> blockEnds;
        private final Publications publications;
        private final SplittableRandom random = new SplittableRandom(20261204L);
        private int version = 1;
        private int edits;
        private int broken = -1;

        Editor(LanguageServer remote, String uri, List<String> lines, List<Integer> innerLayers, List<Integer> blockEnds,
               Publications publications) {
            this.remote = remote;
            this.uri = uri;
            this.lines = lines;
            this.innerLayers = innerLayers;
            this.blockEnds = blockEnds;
            this.publications = publications;
        }

        /** Makes the next edit and returns the diagnostics of its version. */
        PublishDiagnosticsParams next() throws Exception {
            edits++;
            if (broken >= 0) {
                replaceNumber(broken, "256");
                broken = -1;
            } else if (edits % 10 == 0) {
                broken = blockEnds.get(random.nextInt(blockEnds.size()));
                replaceNumber(broken, "255");
            } else {
                replaceNumber(innerLayers.get(random.nextInt(innerLayers.size())),
                        String.valueOf(64 + 8 * random.nextInt(24)));
            }
            return publications.await(version);
        }

        private void replaceNumber(int line, String number) {
            String old = lines.get(line);
            int start = old.indexOf('(') + 1;
            int end = old.indexOf(',');
            lines.set(line, old.substring(0, start) + number + old.substring(end));
            TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(
                    new Range(new Position(line, start), new Position(line, end)), number);
            version++;
            remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, version), List.of(change)));
        }
    }

    /** The editor's side: diagnostics as they are published; the rest ignored. */
    private static final class Publications implements LanguageClient {
        private final BlockingQueue<PublishDiagnosticsParams> received = new LinkedBlockingQueue<>();

        PublishDiagnosticsParams await(int version) throws InterruptedException {
            while (true) {
                PublishDiagnosticsParams next = received.poll(60, TimeUnit.SECONDS);
                if (next == null) {
                    throw new IllegalStateException("no diagnostics for version " + version + " within a minute");
                }
                if (next.getVersion() != null && next.getVersion() == version) {
                    return next;
                }
            }
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
            received.add(diagnostics);
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }

    private static double usedHeapMb() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / 1e6;
    }
}
