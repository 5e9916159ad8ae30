package dev.aec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunData;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training folder, table and array on HDFS (a namenode and a datanode in this process), read by
 * a Spark run's executors through `hdfs://` URIs: the same samples as the same files read here.
 */
class HdfsTest {
    private static MiniDFSCluster hdfs;
    private static SparkTraining spark;
    private static Path local;
    private static String root;
    private static Path files;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@TempDir Path shared) throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, shared.resolve("dfs").toString());
        // A client waits 400 ms before it first asks whether a file it closed is complete: 300 files
        // took a minute to write.
        conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 5);
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        FileSystem fs = hdfs.getFileSystem();
        local = TestData.writePngFolder(shared.resolve("digits"), TestData.mnist(Split.TRAIN, 300),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("/data/digits"));
        StringBuilder table = new StringBuilder("a,b,c\n");
        float[] values = new float[200 * 3];
        for (int r = 0; r < 200; r++) {
            for (int c = 0; c < 3; c++) {
                values[3 * r + c] = r * 0.5f - c * 7;
                table.append(values[3 * r + c]).append(c < 2 ? "," : "\n");
            }
        }
        java.nio.file.Files.writeString(shared.resolve("t.csv"), table);
        dev.aec.runtime.data.source.NpyFile.write(shared.resolve("x.npy"), dev.aec.compiler.types.Shape.of(3), values);
        for (String file : List.of("t.csv", "x.npy")) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(shared.resolve(file).toUri()),
                    new org.apache.hadoop.fs.Path("/data/" + file));
        }
        files = shared;
        root = fs.getUri() + "/data";
        spark = SparkTraining.start(Optional.of("local[2]"), "aec-test", warning -> { });
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.close();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    private RunData.Loaded load(String data) throws Exception {
        return load(data, 784);
    }

    /** A dense autoencoder of `width` values trained on `data`, a source as written, a fifth held out. */
    private RunData.Loaded load(String data, int width) throws Exception {
        String text = """
                model Autoencoder : %d -> %d {
                  dense(2, activation: relu)
                  dense(%d, activation: sigmoid)
                }

                train Autoencoder {
                  data: %s
                  validation: split(0.2)
                  loss: mse
                  optimizer: adam
                  batch: 20
                }
                """.formatted(width, width, width, data.contains("(") ? data : "images(\"" + data + "\", size: 28x28x1)");
        CheckedProgram program = Compiler.compile(new SourceFile("m.aemodel", text), tmp).program().orElseThrow();
        TrainSpec spec = program.train("Autoencoder").orElseThrow();
        return RunData.load(spec, dev.aec.compiler.ir.Lowerer.lower(program, spec.model()).input(), Optional.empty(),
                spark.access(RunData.Access.of(null, tmp.resolve("cache"))), Optional.empty(), () -> false);
    }

    @Test
    void aFolderOnHdfsIsReadByTheExecutorsAsTheSameFolderIsReadHere() throws Exception {
        RunData.Loaded onHdfs = load(root + "/digits");
        RunData.Loaded here = load(local.toString());

        assertThat(onHdfs.train().rows()).isInstanceOf(ClusterRows.class);
        assertThat(onHdfs.train().count()).isEqualTo(here.train().count()).isEqualTo(240);
        assertThat(onHdfs.facts().classes()).isEqualTo(here.facts().classes());
        assertThat(onHdfs.facts().data().fingerprint()).as("names, sizes and times of the same files")
                .isNotEmpty();
        int[] picked = {0, 17, 239};
        assertThat(onHdfs.train().batch(picked).data().asFloat()).containsExactly(here.train().batch(picked).data().asFloat());
        assertThat(onHdfs.validation().orElseThrow().range(0, 60).data().asFloat())
                .containsExactly(here.validation().orElseThrow().range(0, 60).data().asFloat());
    }

    @Test
    void aTableAndAnArrayOnHdfsAreReadByTheExecutorsAsTheSameFilesAreReadHere() throws Exception {
        for (String kind : List.of("csv(\"%s/t.csv\", scale: minmax)", "npy(\"%s/x.npy\", scale: standard)")) {
            RunData.Loaded onHdfs = load(kind.formatted(root), 3);
            RunData.Loaded here = load(kind.formatted(files), 3);

            assertThat(onHdfs.train().rows()).as(kind).isInstanceOf(ClusterRows.class);
            assertThat(onHdfs.train().count()).as(kind).isEqualTo(160);
            assertThat(onHdfs.train().range(0, 160).data().asFloat()).as(kind)
                    .containsExactly(here.train().range(0, 160).data().asFloat(),
                            org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(onHdfs.validation().orElseThrow().range(0, 40).data().asFloat()).as(kind)
                    .containsExactly(here.validation().orElseThrow().range(0, 40).data().asFloat(),
                            org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
