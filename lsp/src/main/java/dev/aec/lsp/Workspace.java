package dev.aec.lsp;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.source.SourceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The server's state: the open documents, the latest check of each, which files each read, and the
 * checks waiting to run. Checks run one at a time on a thread of their own, a short delay after the
 * last edit (so typing a word checks once, not once per letter); a check overtaken by a later edit
 * is dropped, not published. Requests wait for the checks of the documents they read, and are
 * answered on the same thread, so an answer and the diagnostics beside it see the same text.
 */
final class Workspace implements AutoCloseable {
    /** How long after the last edit a document is checked, unless the editor asks otherwise. */
    static final Duration DEFAULT_DELAY = Duration.ofMillis(150);

    /** What the workspace holds; every figure is bounded by the number of open documents and the files they read. */
    record Footprint(int documents, int checked, int requested, int pendingChecks, int importers, int importedFiles) {
    }

    private record Checked(Analysis analysis, long generation) {
    }

    private record Pending(long generation, ScheduledFuture<?> future) {
    }

    private final Documents documents = new Documents();
    private final ScheduledExecutorService worker;
    /** Guards the maps below, which the editor's thread and the checking thread both change. */
    private final Object lock = new Object();
    private final ImportGraph imports = new ImportGraph();
    /** The generation of the latest check asked for, per open document; a check of an older one is stale. */
    private final Map<String, Long> requested = new HashMap<>();
    private final Map<String, Checked> checked = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private long generations;
    private volatile Duration delay;
    private volatile Consumer<PublishDiagnosticsParams> publisher = p -> {
    };
    private volatile Consumer<String> problems = m -> {
    };

    Workspace(Duration delay) {
        this.delay = Objects.requireNonNull(delay);
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "aec-checks");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Where diagnostics go, and where a check that failed inside aec is reported (one line, no trace). */
    void connect(Consumer<PublishDiagnosticsParams> publisher, Consumer<String> problems) {
        this.publisher = Objects.requireNonNull(publisher);
        this.problems = Objects.requireNonNull(problems);
    }

    /** Tells the editor's log of a failure inside aec, in one line. */
    void report(String problem) {
        problems.accept(problem);
    }

    void delay(Duration delay) {
        this.delay = Objects.requireNonNull(delay);
    }

    Duration delay() {
        return delay;
    }

    /** An opened document is checked at once; the documents that read it, after the delay. */
    void opened(String uri, int version, String text) {
        Documents.Document document = documents.open(uri, version, text);
        schedule(uri, Duration.ZERO);
        document.path().ifPresent(p -> scheduleReaders(p, uri));
    }

    void changed(String uri, int version, List<TextDocumentContentChangeEvent> changes) {
        documents.change(uri, version, changes).ifPresent(document -> {
            schedule(uri, delay);
            document.path().ifPresent(p -> scheduleReaders(p, uri));
        });
    }

    /** A closed document is forgotten and its diagnostics cleared; what reads it reads the disk again. */
    void closed(String uri) {
        Optional<Documents.Document> document = documents.close(uri);
        synchronized (lock) {
            requested.remove(uri);
            checked.remove(uri);
            Pending waiting = pending.remove(uri);
            if (waiting != null) {
                waiting.future().cancel(false);
            }
            imports.remove(uri);
        }
        // On the checking thread, so that it comes after any check of the document that was already running.
        onWorker(() -> publisher.accept(new PublishDiagnosticsParams(uri, List.of())));
        document.flatMap(Documents.Document::path).ifPresent(p -> scheduleReaders(p, uri));
    }

    /**
     * Files changed on disk: the open documents that read them are checked again. A created or
     * deleted file may be one an import could not find, or can no longer find, which no check
     * recorded as read: every open document is checked again then.
     */
    void filesChanged(List<FileEvent> events) {
        boolean everything = events.stream().anyMatch(e -> e.getType() != FileChangeType.Changed);
        if (everything) {
            documents.all().forEach(d -> schedule(d.uri(), delay));
            return;
        }
        for (FileEvent event : events) {
            Uris.path(event.getUri()).ifPresent(p -> scheduleReaders(p, ""));
        }
    }

    /**
     * The answer `question` gives on the current unit of `uri`, computed on the checking thread after
     * that document's check; `absent` when the document is not open.
     */
    <T> CompletableFuture<T> answer(String uri, Function<Unit, T> question, T absent) {
        return CompletableFuture.supplyAsync(() -> unit(uri).map(question).orElse(absent), worker);
    }

    /**
     * As {@link #answer}, with the current units of every open document too (for questions about
     * every use of a name).
     */
    <T> CompletableFuture<T> answerWithAll(String uri, BiFunction<Unit, List<Unit>, T> question, T absent) {
        return CompletableFuture.supplyAsync(() -> {
            Optional<Unit> here = unit(uri);
            if (here.isEmpty()) {
                return absent;
            }
            List<Unit> all = new ArrayList<>();
            for (Documents.Document document : documents.all()) {
                unit(document.uri()).ifPresent(all::add);
            }
            return question.apply(here.get(), all);
        }, worker);
    }

    /** Stops every check waiting to run: the editor is shutting the server down. */
    void cancelChecks() {
        synchronized (lock) {
            pending.values().forEach(p -> p.future().cancel(false));
            pending.clear();
        }
    }

    /** Completes once the work already queued on the checking thread is done. */
    CompletableFuture<Object> afterQueuedWork() {
        try {
            return CompletableFuture.supplyAsync(() -> null, worker);
        } catch (RejectedExecutionException stopped) {
            return CompletableFuture.completedFuture(null);
        }
    }

    Footprint footprint() {
        synchronized (lock) {
            int waiting = (int) pending.values().stream().filter(p -> !p.future().isDone()).count();
            return new Footprint(documents.size(), checked.size(), requested.size(), waiting,
                    imports.documentCount(), imports.fileCount());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onWorker(Runnable work) {
        try {
            worker.execute(work);
        } catch (RejectedExecutionException stopped) {
            // The server is exiting: the editor forgets its diagnostics with it.
        }
    }

    private void scheduleReaders(Path changed, String except) {
        Set<String> readers;
        synchronized (lock) {
            readers = imports.readersOf(changed, uri -> documents.get(uri).flatMap(Documents.Document::path));
        }
        readers.stream().filter(uri -> !uri.equals(except)).forEach(uri -> schedule(uri, delay));
    }

    private void schedule(String uri, Duration after) {
        synchronized (lock) {
            long generation = ++generations;
            requested.put(uri, generation);
            ScheduledFuture<?> future;
            try {
                future = worker.schedule(() -> check(uri, generation), after.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                // The server is exiting: nothing is checked any more.
                return;
            }
            Pending previous = pending.put(uri, new Pending(generation, future));
            if (previous != null) {
                previous.future().cancel(false);
            }
        }
    }

    /** The unit of `uri` at its current text, checked first if its latest check is not done yet. Checking thread only. */
    private Optional<Unit> unit(String uri) {
        long wanted;
        synchronized (lock) {
            Long generation = requested.get(uri);
            if (generation == null) {
                return Optional.empty();
            }
            wanted = generation;
        }
        check(uri, wanted);
        Checked latest;
        synchronized (lock) {
            latest = checked.get(uri);
        }
        return Optional.ofNullable(latest).map(c -> Unit.of(c.analysis(), documents::uriOf, documents.reader()));
    }

    /** Checks `uri` for `generation` and publishes, unless a later generation was asked for. Checking thread only. */
    private void check(String uri, long generation) {
        Optional<Documents.Document> document = documents.get(uri);
        synchronized (lock) {
            Checked latest = checked.get(uri);
            boolean done = latest != null && latest.generation() == generation;
            if (document.isEmpty() || !Objects.equals(requested.get(uri), generation) || done) {
                return;
            }
        }
        Analysis analysis;
        List<org.eclipse.lsp4j.Diagnostic> diagnostics;
        try {
            analysis = analyse(document.get(), documents.reader());
            diagnostics = EditorDiagnostics.of(analysis, documents::uriOf);
        } catch (RuntimeException | StackOverflowError e) {
            problems.accept("aec could not check " + uri + ": " + describe(e));
            forget(uri, generation);
            return;
        }
        synchronized (lock) {
            if (!Objects.equals(requested.get(uri), generation)) {
                return;
            }
            forget(uri, generation);
            checked.put(uri, new Checked(analysis, generation));
            imports.update(uri, analysis.result().imports().stream().map(Compiler.Imported::path)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        publisher.accept(new PublishDiagnosticsParams(uri, diagnostics, analysis.version()));
    }

    /** Drops the waiting check of `generation`: it ran, from its schedule or for a request. */
    private void forget(String uri, long generation) {
        synchronized (lock) {
            Pending waiting = pending.get(uri);
            if (waiting != null && waiting.generation() == generation) {
                pending.remove(uri);
            }
        }
    }

    /** Compiles a document as `aec check` would compile its file, imports read through `reader`. */
    static Analysis analyse(Documents.Document document, SourceReader reader) {
        SourceFile source = new SourceFile(Uris.displayName(document.uri()), document.text());
        Path directory = document.path().map(Path::getParent).orElse(Path.of("").toAbsolutePath());
        Compiler.Result result = Compiler.compile(source, directory, document.path(), reader);
        return new Analysis(document.uri(), document.version(), source, result);
    }

    /** An exception in one line, its kind and message, never a stack trace. */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return "internal error (" + e.getClass().getSimpleName() + message + ")";
    }
}
