package dev.aec.spark;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.source.SharedFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A folder, or a file, on any file system Hadoop reaches (`file:`, `hdfs:`, `s3a:` with its connector on the
 * class path), through the driver's Hadoop configuration: the one Spark's readers use.
 */
final class HadoopFiles implements SharedFiles {
    private final String written;
    private final Path root;
    private final FileSystem fs;

    /**
     * @param written the folder as the user wrote it, for messages
     * @throws DataException when no file system serves the URI's scheme, or its host is unknown
     */
    HadoopFiles(String written, URI location, Configuration conf) throws DataException {
        this.written = written;
        try {
            this.fs = FileSystem.get(location, conf);
            this.root = fs.makeQualified(new Path(location));
        } catch (IOException | RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof org.apache.hadoop.fs.UnsupportedFileSystemException
                        || cause instanceof ClassNotFoundException) {
                    throw DataException.withHelp(written, "no file system for `" + location.getScheme()
                                    + ":` is on the class path",
                            "file: and hdfs: come with Spark; s3a: needs hadoop-aws and its AWS SDK on the class "
                                    + "path of the driver and the executors (spark-submit --packages)");
                }
                if (cause instanceof java.net.UnknownHostException) {
                    throw DataException.withHelp(written, "cannot reach its file system: unknown host `"
                            + location.getHost() + "`", "check the host's name, and that this machine can reach it");
                }
            }
            throw new DataException(written, "cannot reach its file system: " + SparkTraining.firstLine(e.getMessage()), e);
        }
    }

    /** What the file system says of the location itself. */
    record Status(boolean folder, long size, long modifiedMillis) {
    }

    /**
     * The location's own status.
     *
     * @throws DataException when there is nothing there or it cannot be asked
     */
    Status status() throws DataException {
        try {
            FileStatus status = fs.getFileStatus(root);
            return new Status(status.isDirectory(), status.getLen(), status.getModificationTime());
        } catch (FileNotFoundException e) {
            throw new DataException(written, "no such file or folder");
        } catch (IOException e) {
            throw new DataException(written, "cannot read it: " + SparkTraining.firstLine(e.getMessage()), e);
        }
    }

    /**
     * The location's bytes, when it is a file.
     *
     * @throws DataException when it cannot be opened
     */
    InputStream open() throws DataException {
        try {
            return fs.open(root);
        } catch (FileNotFoundException e) {
            throw new DataException(written, "no such file");
        } catch (IOException e) {
            throw new DataException(written, "cannot read it: " + SparkTraining.firstLine(e.getMessage()), e);
        }
    }

    /** The folder as Hadoop names it, fully qualified: what Spark's readers put before each file's path. */
    String qualifiedRoot() {
        return root.toString();
    }

    @Override
    public String root() {
        return written;
    }

    @Override
    public List<Listed> list() throws DataException {
        try {
            FileStatus status = fs.getFileStatus(root);
            if (!status.isDirectory()) {
                throw DataException.withHelp(written, "not a folder: `images(...)` reads every image in a folder",
                        "name the folder that holds the images");
            }
            List<Listed> files = new ArrayList<>();
            String prefix = root.toUri().getPath();
            prefix = prefix.endsWith("/") ? prefix : prefix + "/";
            RemoteIterator<LocatedFileStatus> found = fs.listFiles(root, true);
            while (found.hasNext()) {
                LocatedFileStatus file = found.next();
                String path = file.getPath().toUri().getPath();
                if (file.isFile() && path.startsWith(prefix)) {
                    files.add(new Listed(path.substring(prefix.length()), file.getLen(), file.getModificationTime()));
                }
            }
            return files;
        } catch (FileNotFoundException e) {
            throw new DataException(written, "no such folder");
        } catch (IOException e) {
            throw new DataException(written, "cannot list the folder: " + SparkTraining.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public byte[] read(String relative) throws DataException {
        Path file = new Path(root, relative);
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new DataException(file.toString(), "no such file: was it removed after the folder was listed?", e);
        } catch (IOException e) {
            throw new DataException(file.toString(), "cannot read the file: " + SparkTraining.firstLine(e.getMessage()),
                    e);
        }
    }
}
