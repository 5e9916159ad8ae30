package dev.aec.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run directory's own rules: one writer, unique default names, and what --force may delete. */
class RunDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aRunBeingWrittenRefusesASecondWriterAndNamesTheFirst() throws Exception {
        Path path = tmp.resolve("run");
        try (RunDirectory first = RunDirectory.create(path, false)) {
            Files.writeString(path.resolve(RunDirectory.RECORD), "{}");
            String pid = Long.toString(ProcessHandle.current().pid());
            assertThatThrownBy(() -> RunDirectory.create(path, true))
                    .isInstanceOfSatisfying(RunException.class, e -> assertThat(e.kind()).isEqualTo(RunException.Kind.LOCKED))
                    .hasMessageContaining("is being trained by process " + pid);
            assertThatThrownBy(() -> RunDirectory.openToTrain(path, stale -> { }))
                    .isInstanceOf(RunException.class).hasMessageContaining("process " + pid);
            assertThat(RunDirectory.open(path).trainer()).hasValueSatisfying(t -> assertThat(t).contains(pid));
            assertThat(path.resolve(RunDirectory.RECORD)).hasContent("{}");
        }
        assertThat(RunDirectory.open(path).trainer()).isEmpty();
        RunDirectory.create(path, true).close();
    }

    @Test
    void aLockLeftByAProcessThatDiedIsTakenOver() throws Exception {
        Path path = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(path.resolve(RunDirectory.RECORD), "{}");
        Files.writeString(path.resolve(RunLock.FILE), "pid=999999999\nhost=elsewhere\nsince=2026-01-01T00:00:00Z\n");
        List<String> stale = new ArrayList<>();
        try (RunDirectory taken = RunDirectory.openToTrain(path, stale::add)) {
            assertThat(stale).singleElement().asString().contains("999999999");
            assertThat(Files.readString(path.resolve(RunLock.FILE)))
                    .contains("pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void runsStartedInTheSameSecondGetADirectoryEach() throws Exception {
        Path base = tmp.resolve("runs").resolve("Autoencoder-20261202-101500");
        try (RunDirectory a = RunDirectory.createUnique(base); RunDirectory b = RunDirectory.createUnique(base);
             RunDirectory c = RunDirectory.createUnique(base)) {
            assertThat(List.of(a.path(), b.path(), c.path())).containsExactly(base,
                    base.resolveSibling(base.getFileName() + "-2"), base.resolveSibling(base.getFileName() + "-3"));
        }
    }

    @Test
    void forceDeletesEveryFileAecWroteAndNothingElse() throws Exception {
        Path path = Files.createDirectories(tmp.resolve("run"));
        for (String name : List.of(RunDirectory.RECORD, RunDirectory.SOURCE, RunDirectory.MODEL, RunDirectory.OPTIMIZER,
                RunDirectory.METRICS, "reconstructions.png", RunDirectory.LOSS, "samples-64-seed42.png", ".model.sd.next",
                ".run.json.tmp")) {
            Files.writeString(path.resolve(name), "old");
        }
        Files.createDirectories(path.resolve(RunDirectory.IMPORTS));
        Files.writeString(path.resolve(RunDirectory.IMPORTS).resolve("parts.aemodel"), "old");
        Files.writeString(path.resolve("notes.txt"), "the user's own");
        RunDirectory.create(path, true).close();
        try (var left = Files.list(path)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("notes.txt", RunLock.FILE);
        }
    }

    @Test
    void forceDeletesTheEpochsPicturesButNotAUsersFileAmongThem() throws Exception {
        Path path = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(path.resolve(RunDirectory.RECORD), "old");
        Path epochs = Files.createDirectories(path.resolve(RunDirectory.EPOCHS));
        for (String name : List.of("epoch-001.png", "epoch-012.png", ".epoch-013.png.tmp")) {
            Files.writeString(epochs.resolve(name), "old");
        }
        RunDirectory.create(path, true).close();
        assertThat(epochs).doesNotExist();

        Files.writeString(path.resolve(RunDirectory.RECORD), "old");
        Files.createDirectories(epochs);
        Files.writeString(epochs.resolve("epoch-001.png"), "old");
        Files.writeString(epochs.resolve("favourite.txt"), "the user's own");
        RunDirectory.create(path, true).close();
        try (var left = Files.list(epochs)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("favourite.txt");
        }
    }
}
