package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.gen.GeneratedClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheTrainedModelsClassIntoItsPackageFolderAndListsIt() throws IOException {
        Path out = tmp.resolve("src");
        CliRun run = CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        Path written = out.resolve("aec/generated/Autoencoder.java");
        assertThat(run.out().lines()).containsExactly(written.toString());
        assertThat(run.err()).isEmpty();
        assertThat(Files.readString(written)).startsWith(GeneratedClass.MARKER)
                .contains("package aec.generated;", "public final class Autoencoder {",
                        "x = g.conv2d(\"Encoder/conv2d_0\", x, 1, 16, 3, 3, 1, 1, Padding.SAME, Activation.relu());");
        try (var files = Files.list(out.resolve("aec/generated"))) {
            assertThat(files).containsExactly(written);
        }
    }

    @Test
    void aGeneratedClassHasTheFoldersDefaultPermissionsNotOwnerOnly() throws IOException {
        Path out = tmp.resolve("src");
        CliRun run = CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        Path folder = out.resolve("aec/generated");
        Path plain = Files.createFile(folder.resolve("made-by-the-test.txt"));

        assertThat(Files.getPosixFilePermissions(folder.resolve("Autoencoder.java")))
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void packageOptionChoosesThePackageAndItsFolders() throws IOException {
        Path out = tmp.resolve("src");
        CliRun run = CliRun.of("gen", CliRun.model("dense_autoencoder.aemodel"), "-o", out.toString(),
                "--package", "com.example.models");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(out.resolve("com/example/models/Autoencoder.java")))
                .contains("package com.example.models;");
    }

    @Test
    void aPackageThatIsNotJavaIsAUsageError() {
        CliRun run = CliRun.of("gen", CliRun.model("dense_autoencoder.aemodel"), "-o", tmp.toString(),
                "--package", "com.example.class");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--package must be a Java package name such as com.example.models, "
                + "found 'com.example.class'");
    }

    @Test
    void maxErrorsLimitsTheDiagnosticsPrintedAndTheCountStaysExact() throws IOException {
        Path file = tmp.resolve("broken.aemodel");
        Files.writeString(file, "model A : 784 -> 784 {\n  densx\n  densx\n  densx\n}\n");
        CliRun run = CliRun.of("gen", file.toString(), "-o", tmp.resolve("src").toString(), "--max-errors", "1");
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains(file + ":2:3: error[E0101]").doesNotContain(file + ":3:3:")
                .contains("aec: 2 more errors not shown; --max-errors N shows more")
                .contains(file + ": 3 errors; nothing was generated");
    }

    @Test
    void aModelWithErrorsIsNeverGenerated() throws IOException {
        Path file = tmp.resolve("broken.aemodel");
        Files.writeString(file, "model A : 784 -> 10 {\n  dense(20)\n}\ntrain A { data: mnist loss: mse optimizer: adam }\n");
        Path out = tmp.resolve("src");
        CliRun run = CliRun.of("gen", file.toString(), "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains("error[E0302]", "error[E0307]", file + ": 2 errors; nothing was generated");
        assertThat(run.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void anExistingFileNotWrittenByGenIsKeptUnlessForced() throws IOException {
        Path out = tmp.resolve("src");
        Path target = out.resolve("aec/generated/Autoencoder.java");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "// my own Autoencoder\nclass Autoencoder {}\n");
        CliRun refused = CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "-o", out.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains(target + " exists and was not written by aec gen; use --force to replace it");
        assertThat(Files.readString(target)).startsWith("// my own Autoencoder");

        CliRun forced = CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "-o", out.toString(), "--force");
        assertThat(forced.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(target)).startsWith(GeneratedClass.MARKER);
    }

    @Test
    void itsOwnFilesAreReplacedFreelyAndUnchangedOnesLeftAsTheyAre() throws IOException {
        Path out = tmp.resolve("src");
        Path target = out.resolve("aec/generated/Autoencoder.java");
        assertThat(CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "-o", out.toString()).exitCode())
                .isEqualTo(ExitCode.OK);
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(target, old);
        assertThat(CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "-o", out.toString()).exitCode())
                .isEqualTo(ExitCode.OK);
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(old);

        Files.writeString(target, Files.readString(target).replace("relu()", "sigmoid()"));
        CliRun again = CliRun.of("gen", CliRun.model("dense_autoencoder.aemodel"), "-o", out.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(target)).contains("x = g.dense(\"Encoder/dense_0\", x, 784, 128, Activation.relu());");
    }

    @Test
    void aModelTrainedOnFilesIsRefusedAndNothingIsWritten() throws IOException {
        Path model = tmp.resolve("files.aemodel");
        Files.writeString(model, """
                model Autoencoder : 784 -> 784 { dense(784, activation: sigmoid) }
                train Autoencoder { data: images("digits", size: 28x28x1)  loss: mse  optimizer: adam }
                """);
        Path out = tmp.resolve("src");
        CliRun run = CliRun.of("gen", model.toString(), "-o", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("aec: error: `Autoencoder` is trained on images(\"digits\", size: 28x28x1): "
                + "generating the class of a model trained on your own files is not built yet; nothing was generated");
        assertThat(out).doesNotExist();
    }

    @Test
    void dashPrintsTheSourceAndWritesNothing() {
        CliRun run = CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "--model", "Encoder", "-o", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).startsWith(GeneratedClass.MARKER).contains("public final class Encoder {")
                .doesNotContain("configureTraining");
        assertThat(Path.of("generated")).doesNotExist();
    }

    @Test
    void anUnknownModelIsAUsageErrorThatListsTheModels() {
        CliRun run = CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "--model", "Encodr", "-o", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("has no model `Encodr`; its models are Encoder, Decoder, Autoencoder");
    }

    @Test
    void anUnreadableModelFileIsAUsageError() {
        CliRun run = CliRun.of("gen", tmp.resolve("nope.aemodel").toString(), "-o", tmp.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("cannot read " + tmp.resolve("nope.aemodel") + ": no such file");
    }

    @Test
    void anOutputFolderThatCannotBeMadeIsAnIoError() throws IOException {
        Path blocked = Files.writeString(tmp.resolve("a-file"), "not a folder");
        CliRun run = CliRun.of("gen", CliRun.model("conv_autoencoder.aemodel"), "-o", blocked.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("aec: error: cannot write " + blocked.resolve("aec/generated/Autoencoder.java"));
    }

    @Test
    void helpShowsAnExampleAndTheExitCodes() {
        CliRun run = CliRun.of("gen", "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("aec gen models/conv_autoencoder.aemodel", "--package", "--force", "Exit codes");
    }
}
