package dev.aec.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (`file:`), listing a folder without starting a process per file.
 * Without Hadoop's native library, each status Hadoop's own lists is completed by running `ls`
 * the first time its permissions are asked for, and Spark's readers ask for every file: listing
 * 3,000 images took over a minute. Here the permissions, owner and group come from Java's own
 * file attributes instead. Set as `fs.file.impl` for the runs aec starts.
 */
public final class LocalFiles extends LocalFileSystem {
    public LocalFiles() {
        super(new Raw());
    }

    /** The raw file system under the checksums, with the listing that reads attributes in process. */
    static final class Raw extends RawLocalFileSystem {
        @Override
        public FileStatus[] listStatus(Path folder) throws IOException {
            FileStatus[] listed = super.listStatus(folder);
            FileStatus[] complete = new FileStatus[listed.length];
            for (int i = 0; i < listed.length; i++) {
                complete[i] = completed(listed[i]);
            }
            return complete;
        }

        private FileStatus completed(FileStatus status) throws IOException {
            java.nio.file.Path file = pathToFile(status.getPath()).toPath();
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, PosixFileAttributes.class);
            } catch (UnsupportedOperationException e) {
                return status;  // not a POSIX file system: Hadoop's own way
            } catch (IOException e) {
                // Gone between the listing and now, or a broken link: Hadoop's status says so when read.
                if (Files.isSymbolicLink(file) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    return status;
                }
                throw e;
            }
            return new FileStatus(status.getLen(), status.isDirectory(), status.getReplication(),
                    status.getBlockSize(), status.getModificationTime(), status.getAccessTime(),
                    FsPermission.valueOf((attributes.isDirectory() ? "d" : "-")
                            + PosixFilePermissions.toString(attributes.permissions())),
                    attributes.owner().getName(), attributes.group().getName(), status.getPath());
        }
    }
}
