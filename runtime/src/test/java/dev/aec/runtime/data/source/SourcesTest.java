package dev.aec.runtime.data.source;

import static dev.aec.runtime.data.source.SourceFixtures.encode;
import static dev.aec.runtime.data.source.SourceFixtures.grey;
import static dev.aec.runtime.data.source.SourceFixtures.idx;
import static dev.aec.runtime.data.source.SourceFixtures.image;
import static dev.aec.runtime.data.source.SourceFixtures.npy;
import static dev.aec.runtime.data.source.SourceFixtures.npz;
import static dev.aec.runtime.data.source.SourceFixtures.source;
import static dev.aec.runtime.data.source.SourceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.data.DataProbe;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.compiler.data.DataSource.Header;
import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourcesTest {

    /** The sample shape of a run trained on MNIST. */
    private static final Shape MNIST = Shape.of(28, 28, 1);

    @TempDir
    Path dir;

    @Test
    void probeReadsTheShapeAndCountOfEachFormat() {
        Path array = write(dir, "x.npy", npy("<f4", new long[] {3, 2, 2}, new byte[48]));
        Path archive = write(dir, "x.npz", npz(Map.of("a", npy("|u1", new long[] {5, 4}, new byte[20])), true));
        Path idxFile = write(dir, "x-ubyte", idx(0x08, new int[] {7, 2, 3}, new byte[42]));
        Path table = write(dir, "x.csv", "a,b,c\n1,2,3\n4,5,6\n");

        assertThat(Sources.probe(source(Format.NPY, array)))
                .isEqualTo(new DataProbe.Found(Shape.of(2, 2), OptionalInt.of(3), List.of()));
        assertThat(Sources.probe(source(Format.NPY, archive)))
                .isEqualTo(new DataProbe.Found(Shape.of(4), OptionalInt.of(5), List.of()));
        assertThat(Sources.probe(source(Format.IDX, idxFile)))
                .isEqualTo(new DataProbe.Found(Shape.of(2, 3), OptionalInt.of(7), List.of()));
        assertThat(Sources.probe(source(Format.CSV, table)))
                .isEqualTo(new DataProbe.Found(Shape.of(3), OptionalInt.of(2), List.of()));
    }

    @Test
    void probeOfAnImageFolderListsItsClassesAndReadsOneHeader() {
        image(dir, "cats/a.png", grey(4, 5, 0), "png");
        image(dir, "dogs/b.png", grey(4, 5, 0), "png");
        write(dir, "dogs/c.png", "not read by a probe");

        assertThat(Sources.probe(SourceFixtures.images(dir, Shape.of(4, 5, 1), false, false)))
                .isEqualTo(new DataProbe.Found(Shape.of(4, 5, 1), OptionalInt.of(3), List.of("cats", "dogs")));
        assertThat(Sources.probe(SourceFixtures.images(dir, Shape.of(4, 5, 3), false, true)))
                .isEqualTo(new DataProbe.Found(Shape.of(4, 5, 3), OptionalInt.empty(), List.of("cats", "dogs")));
    }

    @Test
    void probeOfImagesOfAnotherSizeSuggestsResize() {
        Path file = image(dir, "a.png", grey(4, 5, 0), "png");

        DataProbe.Finding finding = Sources.probe(SourceFixtures.images(dir, Shape.of(28, 28, 1), false, false));

        assertThat(finding).isEqualTo(new DataProbe.Problem(
                file + ": the image is 4x5 (height x width), expected 28x28 (`size: 28x28x1`)",
                "cannot be read as a folder of images", Optional.of("add `resize: true` to read every image at 28x28")));
        assertThat(Sources.probe(SourceFixtures.images(dir, Shape.of(28, 28, 1), true, false)))
                .isInstanceOf(DataProbe.Found.class);
    }

    @Test
    void probeOfAMissingFileSaysWhereTheRelativePathLed() {
        FileSource missing = source(Format.CSV, dir.resolve("digits.csv"));

        assertThat(Sources.probe(missing)).isEqualTo(new DataProbe.Problem(dir.resolve("digits.csv") + ": no such file",
                "not found", Optional.of("a relative path is read from the model file's folder: `digits.csv` is `"
                        + dir.resolve("digits.csv") + "`")));
    }

    /** A path written absolute, or as a URI, was looked for where it says: nothing to explain. */
    @Test
    void probeOfAMissingFileWrittenAbsoluteOrAsAUriHasNoHelpAboutRelativePaths() {
        Path file = dir.resolve("digits.csv");
        for (String written : List.of(file.toString(), file.toUri().toString())) {
            FileSource relative = source(Format.CSV, file);
            FileSource missing = new FileSource(Format.CSV, file.toUri(), written, relative.pathSpan(), Optional.empty(),
                    false, false, Header.AUTO, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                    relative.span());

            assertThat(Sources.probe(missing)).as(written).isEqualTo(new DataProbe.Problem(file + ": no such file",
                    "not found", Optional.empty()));
        }
    }

    @Test
    void probeOfABadCellGivesItsPositionAndTheFix() {
        Path table = write(dir, "t.csv", "a,b\n1,2\n3,NaN\n");

        assertThat(Sources.probe(source(Format.CSV, table))).isEqualTo(new DataProbe.Problem(
                table + ":3:3: `NaN` is not a finite number", "cannot be read as a table of numbers",
                Optional.of("fill or drop the missing values first (in pandas, `df.fillna(0)` or `df.dropna()`)")));
    }

    @Test
    void probeOfAnArrayOrColumnTheFileLacksPointsAtTheOption() {
        Path archive = write(dir, "x.npz", npz(Map.of("x_train", npy("|u1", new long[] {5, 4}, new byte[20])), true));
        Path table = write(dir, "t.csv", "a,b\n1,2\n");

        assertThat(Sources.probe(SourceFixtures.npySource(archive, Optional.of("x"), Optional.empty())))
                .isEqualTo(new DataProbe.Problem(archive + ": no array `x` in the archive; it holds `x_train`",
                        "no array `x`", Optional.of("name one of them, e.g. `array: \"x_train\"`"), Optional.of("array")));
        assertThat(Sources.probe(SourceFixtures.csv(table, Header.AUTO, Optional.of("a, width"), Optional.empty())))
                .isEqualTo(new DataProbe.Problem(table + ": `columns: \"a, width\"`: no column named `width`; the header "
                        + "names `a`, `b`", "no column `width`", Optional.empty(), Optional.of("columns")));
        assertThat(Sources.probe(SourceFixtures.csv(table, Header.AUTO, Optional.of("0-2"), Optional.empty())))
                .isEqualTo(new DataProbe.Problem(table + ": `columns: \"0-2\"`: there is no column 2, the table has 2 "
                        + "columns (0 to 1)", "no column 2", Optional.of("columns are counted from 0"),
                        Optional.of("columns")));
    }

    @Test
    void probeOfAnUnreadableFirstImageSuggestsSkippingIt() {
        Path file = write(dir, "a.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});

        DataProbe.Finding finding = Sources.probe(SourceFixtures.images(dir, Shape.of(28, 28, 1), false, false));

        assertThat(finding).isEqualTo(new DataProbe.Problem(file + ": cannot decode the image: the file ends too early "
                + "(I/O error reading PNG header)", "cannot be read as a folder of images", Optional.of(
                "replace or remove the file, or add `skip_bad: true` to leave out the images that cannot be read")));
    }

    @Test
    void openReadsEachFormat() throws DataException {
        Path array = write(dir, "x.npy", npy("<f8", new long[] {2, 1}, encode("<f8", 4, 5)));
        Path idxFile = write(dir, "x.idx", idx(0x0d, new int[] {1, 2}, encode(">f4", 6, 7)));
        Path table = write(dir, "x.csv", "8,9\n");
        image(dir, "images/a.png", grey(1, 1, 51), "png");

        try (Samples npy = Sources.open(source(Format.NPY, array));
             Samples idx = Sources.open(source(Format.IDX, idxFile));
             Samples csv = Sources.open(SourceFixtures.csv(table, Header.NO, Optional.of("1"), Optional.empty()));
             Samples images = Sources.open(SourceFixtures.images(dir.resolve("images"), Shape.of(1, 1, 1), false, false))) {
            assertThat(SourceFixtures.read(npy, 1)).containsExactly(5f);
            assertThat(SourceFixtures.read(idx, 0)).containsExactly(6f, 7f);
            assertThat(SourceFixtures.read(csv, 0)).containsExactly(9f);
            assertThat(SourceFixtures.read(images, 0)).containsExactly(51 / 255f);
        }
    }

    @ParameterizedTest(name = "{0} is read as {1}")
    @CsvSource({
        "more, IMAGES", "x.csv, CSV", "X.CSV.GZ, CSV", "x.npy, NPY", "x.npz, NPY", "x.idx, IDX", "x.idx.gz, IDX",
        "t10k-images-idx3-ubyte, IDX", "t10k-images-idx3-ubyte.gz, IDX", "t10k-images.idx3-ubyte, IDX",
    })
    void inferTellsTheFormatFromTheName(String name, Format format) throws Exception {
        Path path = name.equals("more") ? Files.createDirectory(dir.resolve(name)) : write(dir, name, "");

        assertThat(Sources.infer(path, Optional.of(source(Format.CSV, dir.resolve("train.csv"))), MNIST).format())
                .isEqualTo(format);
        assertThat(Sources.infer(path, Optional.empty(), MNIST).format()).isEqualTo(format);
    }

    @Test
    void inferCarriesOverTheOptionsThatApply() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("test"));
        FileSource trainedOnImages = SourceFixtures.images(dir.resolve("train"), Shape.of(32, 32, 3), true, true);

        FileSource images = Sources.infer(folder, Optional.of(trainedOnImages), Shape.of(32, 32, 3));
        assertThat(images.size()).contains(Shape.of(32, 32, 3));
        assertThat(images.resize()).isTrue();
        assertThat(images.skipBad()).isFalse();
        assertThat(images.scale()).isEmpty();
        assertThat(images.pathSpan()).isEqualTo(trainedOnImages.pathSpan());

        FileSource trainedOnCsv = SourceFixtures.csv(dir.resolve("train.csv"), Header.YES, Optional.of("1-64"),
                Optional.of(Scale.STANDARD));
        FileSource csv = Sources.infer(write(dir, "test.csv.gz", ""), Optional.of(trainedOnCsv), Shape.of(64));
        assertThat(csv.header()).isEqualTo(Header.YES);
        assertThat(csv.columns()).isEqualTo(trainedOnCsv.columns());
        assertThat(csv.columns().orElseThrow().written()).isEqualTo("1-64");
        assertThat(csv.scale()).contains(Scale.STANDARD);
        FileSource npyFromCsv = Sources.infer(write(dir, "codes.npy", ""), Optional.of(trainedOnCsv), Shape.of(64));
        assertThat(npyFromCsv.columns()).isEmpty();
        assertThat(npyFromCsv.header()).isEqualTo(Header.AUTO);
        assertThat(npyFromCsv.scale()).contains(Scale.STANDARD);
        assertThat(npyFromCsv.size()).isEmpty();
    }

    @Test
    void inferCarriesTheScaleOnlyWhereTheNewFormatTakesIt() throws Exception {
        FileSource trainedOnCsv = SourceFixtures.csv(dir.resolve("train.csv"), Header.AUTO, Optional.empty(),
                Optional.of(Scale.MINMAX));
        FileSource trainedOnNpy = SourceFixtures.npySource(dir.resolve("train.npy"), Optional.empty(),
                Optional.of(Scale.PIXELS));
        Path array = write(dir, "test.npy", "");
        Path table = write(dir, "test.csv", "");
        Path folder = Files.createDirectory(dir.resolve("test"));

        assertThat(Sources.infer(array, Optional.of(trainedOnCsv), Shape.of(64)).scale()).contains(Scale.MINMAX);
        assertThat(Sources.infer(table, Optional.of(trainedOnNpy), Shape.of(64)).scale()).isEmpty();
        assertThat(Sources.infer(write(dir, "test.idx", ""), Optional.of(trainedOnNpy), Shape.of(64)).scale())
                .contains(Scale.PIXELS);
        assertThat(Sources.infer(folder, Optional.of(trainedOnCsv), MNIST).scale()).isEmpty();
        assertThat(Sources.infer(array, Optional.empty(), Shape.of(64)).scale()).isEmpty();
    }

    @Test
    void aFolderForARunTrainedOnNoImagesIsReadAtTheSampleShape() throws Exception {
        Path folder = dir.resolve("digits");
        image(folder, "a.png", grey(28, 28, 0), "png");
        image(folder, "b.png", grey(28, 28, 9), "png");
        FileSource trainedOnCsv = SourceFixtures.csv(dir.resolve("train.csv"), Header.NO, Optional.of("0-783"),
                Optional.empty());

        FileSource inferred = Sources.infer(folder, Optional.of(trainedOnCsv), MNIST);

        assertThat(inferred.size()).contains(MNIST);
        assertThat(inferred.resize()).isFalse();
        assertThat(inferred.header()).isEqualTo(Header.AUTO);
        assertThat(inferred.columns()).isEmpty();
        assertThat(Sources.infer(folder, Optional.empty(), MNIST).size()).contains(MNIST);
        try (Samples samples = Sources.open(inferred)) {
            assertThat(samples.sampleShape()).isEqualTo(MNIST);
            assertThat(samples.count()).isEqualTo(2);
            assertThat(SourceFixtures.read(samples, 1)[0]).isEqualTo(9 / 255f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"64", "28x28", "28x28x2"})
    void aFolderForARunWhoseSamplesAreNotImagesIsRefused(String shape) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("test"));
        Shape sampleShape = Shape.of(java.util.Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray());

        for (Optional<FileSource> trainedOn : List.of(Optional.<FileSource>empty(),
                Optional.of(source(Format.CSV, dir.resolve("train.csv"))))) {
            assertThatThrownBy(() -> Sources.infer(folder, trainedOn, sampleShape))
                    .isInstanceOf(DataException.class)
                    .hasMessage(folder + ": is a folder of images, but the run's samples are " + shape
                            + ", not images (height x width x 1, 3 or 4 channels)");
        }
    }

    @Test
    void inferKeepsTheArrayNameOnlyBetweenArchives() throws Exception {
        Optional<FileSource> trainedOn = Optional.of(SourceFixtures.npySource(dir.resolve("train.npz"),
                Optional.of("x"), Optional.empty()));

        assertThat(Sources.infer(write(dir, "test.npz", ""), trainedOn, Shape.of(4)).array()).contains("x");
        assertThat(Sources.infer(write(dir, "test.npy", ""), trainedOn, Shape.of(4)).array()).isEmpty();
    }

    @Test
    void inferKeepsThePathAsWrittenAndMakesItAbsolute() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(write(dir, "x.csv", ""));

        FileSource inferred = Sources.infer(relative, Optional.of(source(Format.CSV, dir.resolve("train.csv"))),
                Shape.of(2));

        assertThat(inferred.written()).isEqualTo(relative.toString());
        assertThat(inferred.path()).isEqualTo(dir.resolve("x.csv"));
    }

    @Test
    void inferRefusesWhatItCannotName() {
        Path text = write(dir, "notes.txt", "");

        assertThatThrownBy(() -> Sources.infer(text, Optional.of(source(Format.CSV, dir)), MNIST))
                .hasMessage(text + ": cannot tell what kind of data this is from its name")
                .satisfies(e -> assertThat(((DataException) e).help()).hasValue(
                        "name a folder of images, or a file ending in .csv, .csv.gz, .npy, .npz, .idx, .idx.gz or -ubyte"));
        assertThatThrownBy(() -> Sources.infer(dir.resolve("absent.csv"), Optional.empty(), MNIST))
                .hasMessage(dir.resolve("absent.csv") + ": no such file or folder");
    }
}
