package dev.aec.lsp;

import static dev.aec.lsp.LspDiagnosticsTest.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Going to a model, finding its uses, renaming it and outlining a file, across imports and open documents. */
class LspNavigationTest {
    private static final String LIB = """
            model Encoder : 784 -> 64 {
              dense(64)
            }
            """;
    private static final String MAIN = """
            import "lib.aemodel"

            model Decoder : 64 -> 784 {
              dense(784, activation: sigmoid)
            }

            model Auto(x: 784) -> 784 {
              return Decoder(Encoder(x))
            }

            model Stack : 784 -> 64 {
              Encoder
            }

            train Auto {
              data: mnist
              loss: binary_crossentropy
              optimizer: adadelta
              epochs: 1
            }
            """;
    /** Imports the same library from elsewhere. */
    private static final String OTHER = "import \"lib.aemodel\"\nmodel Other : 784 -> 64 { Encoder }\n";
    /** Declares a model of the same name of its own: none of its names mean the library's. */
    private static final String UNRELATED = "model Encoder : 784 -> 784 { relu }\nmodel Use : 784 -> 784 { Encoder }\n";

    @TempDir
    Path dir;

    private LspSession session;
    private Path lib;
    private String libUri;
    private String main;
    private String other;
    private String unrelated;

    @BeforeEach
    void open() throws IOException {
        lib = Files.writeString(dir.resolve("lib.aemodel"), LIB);
        libUri = lib.toUri().toString();
        session = LspSession.start();
        main = session.open(dir.resolve("main.aemodel"), MAIN);
        other = session.open(dir.resolve("other.aemodel"), OTHER);
        unrelated = session.open(dir.resolve("unrelated.aemodel"), UNRELATED);
        assertThat(session.awaitDiagnostics(main)).isEmpty();
        assertThat(session.awaitDiagnostics(other)).isEmpty();
        assertThat(session.awaitDiagnostics(unrelated)).isEmpty();
    }

    @AfterEach
    void stop() {
        session.close();
        assertThat(session.problems()).isEmpty();
    }

    @Test
    void aModelUsedInAFunctionalCallLeadsToItsDeclarationInTheImportedFile() {
        assertThat(session.definition(main, new Position(7, 19)))
                .containsExactly(new Location(libUri, range(0, 6, 0, 13)));
    }

    @Test
    void aModelUsedInASequentialBodyLeadsThereWithTheCursorJustAfterItsName() {
        assertThat(session.definition(main, new Position(11, 9)))
                .containsExactly(new Location(libUri, range(0, 6, 0, 13)));
    }

    @Test
    void theModelATrainBlockNamesLeadsToItsDeclaration() {
        assertThat(session.definition(main, new Position(14, 8)))
                .containsExactly(new Location(main, range(6, 6, 6, 10)));
    }

    @Test
    void anImportsPathLeadsToTheFile() {
        assertThat(session.definition(main, new Position(0, 10)))
                .containsExactly(new Location(libUri, range(0, 0, 0, 0)));
    }

    @Test
    void aLayerOrAKeywordLeadsNowhere() {
        assertThat(session.definition(main, new Position(3, 4))).isEmpty();
        assertThat(session.definition(main, new Position(2, 2))).isEmpty();
    }

    @Test
    void referencesFindEveryUseInOpenFilesAndTheFilesTheyImportButNotAModelOfTheSameNameElsewhere() {
        List<Location> found = session.references(main, new Position(7, 19), true);

        assertThat(found).containsExactly(
                new Location(libUri, range(0, 6, 0, 13)),
                new Location(main, range(7, 17, 7, 24)),
                new Location(main, range(11, 2, 11, 9)),
                new Location(other, range(1, 26, 1, 33)));
        assertThat(session.references(main, new Position(7, 19), false))
                .doesNotContain(new Location(libUri, range(0, 6, 0, 13))).hasSize(3);
        assertThat(session.references(unrelated, new Position(1, 27), true)).containsExactly(
                new Location(unrelated, range(0, 6, 0, 13)),
                new Location(unrelated, range(1, 25, 1, 32)));
    }

    @Test
    void renamingAModelChangesItsDeclarationAndEveryUse() throws IOException {
        WorkspaceEdit edit = session.rename(main, new Position(11, 4), "Compressor");

        Map<String, List<TextEdit>> changes = edit.getChanges();
        assertThat(changes).containsOnlyKeys(libUri, main, other);
        assertThat(applied(Files.readString(lib), changes.get(libUri))).isEqualTo(LIB.replace("Encoder", "Compressor"));
        assertThat(applied(MAIN, changes.get(main))).isEqualTo(MAIN.replace("Encoder", "Compressor"));
        assertThat(applied(OTHER, changes.get(other))).isEqualTo(OTHER.replace("Encoder", "Compressor"));
    }

    @Test
    void renamingFromTheTrainBlockRenamesTheModelItTrains() {
        WorkspaceEdit edit = session.rename(main, new Position(14, 7), "Autoencoder");

        assertThat(edit.getChanges()).containsOnlyKeys(main);
        assertThat(applied(MAIN, edit.getChanges().get(main))).isEqualTo(MAIN.replace("Auto", "Autoencoder"));
    }

    @Test
    void aRenameThatWouldChangeWhatANameMeansIsRefused() {
        Position encoder = new Position(7, 19);
        assertThatThrownBy(() -> session.rename(main, encoder, "Decoder")).isInstanceOf(ResponseErrorException.class)
                .hasMessage("a model named `Decoder` already exists, at main.aemodel:3:7");
        assertThatThrownBy(() -> session.rename(main, encoder, "dense")).isInstanceOf(ResponseErrorException.class)
                .hasMessage("`dense` is the name of a layer");
        assertThatThrownBy(() -> session.rename(main, encoder, "x")).isInstanceOf(ResponseErrorException.class)
                .hasMessage("`x` already names something else, at main.aemodel:7:12");
        assertThatThrownBy(() -> session.rename(main, encoder, "model")).isInstanceOf(ResponseErrorException.class)
                .hasMessage("`model` is a keyword of the language");
        assertThatThrownBy(() -> session.rename(main, encoder, "2fast")).isInstanceOf(ResponseErrorException.class)
                .hasMessageStartingWith("`2fast` is not a name");
        assertThatThrownBy(() -> session.rename(main, new Position(3, 4), "Thing"))
                .isInstanceOf(ResponseErrorException.class)
                .hasMessage("only the name of a model can be renamed here");
    }

    @Test
    void prepareRenameGivesTheNameUnderTheCursor() {
        PrepareRenameResult prepared = session.await(session.remote().getTextDocumentService().prepareRename(
                new PrepareRenameParams(new TextDocumentIdentifier(main), new Position(7, 20)))).getSecond();

        assertThat(prepared.getRange()).isEqualTo(range(7, 17, 7, 24));
        assertThat(prepared.getPlaceholder()).isEqualTo("Encoder");
    }

    @Test
    void theOutlineListsModelsWithTheirLayersAndShapesAndTrainBlocks() {
        List<DocumentSymbol> symbols = session.symbols(main);

        assertThat(symbols).extracting(DocumentSymbol::getName).containsExactly("Decoder", "Auto", "Stack", "train Auto");
        assertThat(symbols).extracting(DocumentSymbol::getKind)
                .containsExactly(SymbolKind.Class, SymbolKind.Class, SymbolKind.Class, SymbolKind.Event);
        assertThat(symbols).extracting(DocumentSymbol::getDetail).containsExactly("784", "784", "64", null);
        DocumentSymbol decoder = symbols.get(0);
        assertThat(decoder.getRange()).isEqualTo(range(2, 0, 4, 1));
        assertThat(decoder.getSelectionRange()).isEqualTo(range(2, 6, 2, 13));
        assertThat(decoder.getChildren()).singleElement().satisfies(layer -> {
            assertThat(layer.getName()).startsWith("dense(784");
            assertThat(layer.getDetail()).isEqualTo("784");
            assertThat(layer.getRange()).isEqualTo(range(3, 2, 3, 33));
        });
        assertThat(symbols.get(1).getChildren()).extracting(DocumentSymbol::getName, DocumentSymbol::getDetail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Decoder", "784"),
                        org.assertj.core.groups.Tuple.tuple("Encoder", "64"));
        assertThat(symbols.get(3).getRange()).isEqualTo(range(14, 0, 19, 1));
    }

    @Test
    void aFileThatDoesNotParseStillHasItsOutlineAndItsNames() {
        String broken = session.open(dir.resolve("broken.aemodel"),
                "import \"lib.aemodel\"\nmodel A : 784 -> 64 {\n  Encoder\n\nmodel B : 784 -> 784 {\n  relu(\n");
        session.awaitDiagnostics(broken);

        assertThat(session.symbols(broken)).extracting(DocumentSymbol::getName).containsExactly("A", "B");
        assertThat(session.definition(broken, new Position(2, 3)))
                .containsExactly(new Location(libUri, range(0, 6, 0, 13)));
    }

    /** The text with the edits applied, as an editor applies them: all ranges refer to the text before any edit. */
    static String applied(String text, List<TextEdit> edits) {
        dev.aec.compiler.source.SourceFile source = new dev.aec.compiler.source.SourceFile("", text);
        List<TextEdit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparingInt((TextEdit e) -> Positions.offset(source, e.getRange().getStart()))
                .reversed());
        StringBuilder result = new StringBuilder(text);
        for (TextEdit edit : ordered) {
            int start = Positions.offset(source, edit.getRange().getStart());
            int end = Positions.offset(source, edit.getRange().getEnd());
            result.replace(start, end, edit.getNewText());
        }
        return result.toString();
    }
}
