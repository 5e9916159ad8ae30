package dev.aec.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportGraphTest {
    private static final Path LIB = Path.of("/p/lib.aemodel");
    private static final Path MID = Path.of("/p/mid.aemodel");
    private static final Map<String, Path> OPEN = Map.of("file:///p/mid.aemodel", MID, "file:///p/top.aemodel",
            Path.of("/p/top.aemodel"));

    @Test
    void theReadersOfAFileIncludeTheReadersOfItsOpenReaders() {
        ImportGraph graph = new ImportGraph();
        graph.update("file:///p/mid.aemodel", Set.of(LIB));
        graph.update("file:///p/top.aemodel", Set.of(MID));

        assertThat(graph.readersOf(LIB, uri -> Optional.ofNullable(OPEN.get(uri))))
                .containsExactly("file:///p/mid.aemodel", "file:///p/top.aemodel");
        assertThat(graph.readersOf(MID, uri -> Optional.ofNullable(OPEN.get(uri))))
                .containsExactly("file:///p/top.aemodel");
    }

    @Test
    void aCheckReplacesWhatTheDocumentReadAndClosingForgetsIt() {
        ImportGraph graph = new ImportGraph();
        graph.update("file:///p/top.aemodel", Set.of(LIB, MID));
        graph.update("file:///p/top.aemodel", Set.of(MID));

        assertThat(graph.readersOf(LIB, uri -> Optional.empty())).isEmpty();
        assertThat(graph.fileCount()).isEqualTo(1);
        graph.remove("file:///p/top.aemodel");
        assertThat(graph.documentCount()).isZero();
        assertThat(graph.fileCount()).isZero();
    }
}
