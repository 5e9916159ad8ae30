package dev.aec.spark;

import dev.aec.runtime.data.source.DenseRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Hadoop's input format for a file of fixed-size records after a header (a plain `.npy` or IDX
 * file, {@link DenseRecords}): splits of whole records, each read by position where the file
 * system keeps its bytes, one record per key, the key its index. Spark's own `binaryRecords` reads
 * records from the file's first byte, so a header would shift every one of them.
 */
public final class FixedRecords extends FileInputFormat<IntWritable, BytesWritable> {
    private static final String OFFSET = "aec.records.offset";
    private static final String BYTES = "aec.records.bytes";
    private static final String COUNT = "aec.records.count";
    private static final String SPLITS = "aec.records.splits";

    /** Sets `conf` to read `records` in `splits` splits of about equal records. */
    static void configure(Configuration conf, DenseRecords records, int splits) {
        conf.setLong(OFFSET, records.dataOffset());
        conf.setInt(BYTES, records.recordBytes());
        conf.setInt(COUNT, records.count());
        conf.setInt(SPLITS, Math.max(1, splits));
    }

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        Configuration conf = job.getConfiguration();
        long offset = conf.getLong(OFFSET, -1);
        int bytes = conf.getInt(BYTES, -1);
        int count = conf.getInt(COUNT, -1);
        if (offset < 0 || bytes < 1 || count < 0) {
            throw new IOException("the records' layout is not configured");
        }
        Path file = getInputPaths(job)[0];
        FileSystem fs = file.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(file);
        int per = Math.max(1, (count + conf.getInt(SPLITS, 1) - 1) / conf.getInt(SPLITS, 1));
        List<InputSplit> splits = new ArrayList<>();
        for (int from = 0; from < count; from += per) {
            long start = offset + (long) from * bytes;
            long length = (long) Math.min(per, count - from) * bytes;
            BlockLocation[] blocks = fs.getFileBlockLocations(status, start, length);
            splits.add(new FileSplit(file, start, length, blocks.length > 0 ? blocks[0].getHosts() : new String[0]));
        }
        return splits;
    }

    @Override
    public RecordReader<IntWritable, BytesWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader();
    }

    /** Reads a split's records in order. */
    private static final class Reader extends RecordReader<IntWritable, BytesWritable> {
        private final IntWritable key = new IntWritable();
        private final BytesWritable value = new BytesWritable();
        private FSDataInputStream in;
        private byte[] record;
        private int next;
        private int remaining;
        private int total;

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
            FileSplit part = (FileSplit) split;
            Configuration conf = context.getConfiguration();
            int bytes = conf.getInt(BYTES, -1);
            record = new byte[bytes];
            next = Math.toIntExact((part.getStart() - conf.getLong(OFFSET, -1)) / bytes);
            remaining = Math.toIntExact(part.getLength() / bytes);
            total = remaining;
            in = part.getPath().getFileSystem(conf).open(part.getPath());
            in.seek(part.getStart());
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            if (remaining == 0) {
                return false;
            }
            in.readFully(record);
            key.set(next++);
            value.set(record, 0, record.length);
            remaining--;
            return true;
        }

        @Override
        public IntWritable getCurrentKey() {
            return key;
        }

        @Override
        public BytesWritable getCurrentValue() {
            return value;
        }

        @Override
        public float getProgress() {
            return total == 0 ? 1 : 1 - (float) remaining / total;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
