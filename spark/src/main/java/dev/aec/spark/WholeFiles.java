package dev.aec.spark;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;

/**
 * Hadoop's input format for many small files read whole: one record per file, its path and its
 * bytes, files grouped into splits of at most `mapreduce.input.fileinputformat.split.maxsize`
 * bytes (by the nodes that hold them, where the file system says). Spark's own `binaryFiles` is
 * the same idea, but it sizes splits for large files (never under 4 MB: a whole MNIST folder of
 * 300-byte PNG files in one task) and each of its records reads its split's whole file list
 * again, so a task of n files took time in n squared: 40 s for 3,000 images.
 */
public final class WholeFiles extends CombineFileInputFormat<Text, BytesWritable> {
    /** Sets `conf` to read every file below the folder, in splits of about `bytesPerSplit`. */
    static void configure(Configuration conf, long bytesPerSplit) {
        conf.setBoolean(INPUT_DIR_RECURSIVE, true);
        conf.setLong(SPLIT_MAXSIZE, Math.max(1, bytesPerSplit));
    }

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    @Override
    public RecordReader<Text, BytesWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
            throws IOException {
        return new CombineFileRecordReader<>((CombineFileSplit) split, context, OneFile.class);
    }

    /** Reads file `index` of a split as one record. */
    public static final class OneFile extends RecordReader<Text, BytesWritable> {
        private final Path path;
        private final Configuration conf;
        private final Text key = new Text();
        private final BytesWritable value = new BytesWritable();
        private boolean read;

        /** The constructor {@link CombineFileRecordReader} calls, by reflection. */
        public OneFile(CombineFileSplit split, TaskAttemptContext context, Integer index) {
            this.path = split.getPath(index);
            this.conf = context.getConfiguration();
        }

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) {
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            if (read) {
                return false;
            }
            try (InputStream in = path.getFileSystem(conf).open(path)) {
                byte[] bytes = in.readAllBytes();
                key.set(path.toString());
                value.set(bytes, 0, bytes.length);
            }
            read = true;
            return true;
        }

        @Override
        public Text getCurrentKey() {
            return key;
        }

        @Override
        public BytesWritable getCurrentValue() {
            return value;
        }

        @Override
        public float getProgress() {
            return read ? 1 : 0;
        }

        @Override
        public void close() {
        }
    }
}
