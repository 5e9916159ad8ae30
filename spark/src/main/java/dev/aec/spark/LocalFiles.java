package dev.aec.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
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
 * 3,000 images took over a minute. Here a folder is listed with Java's own file attributes, one
 * call per file. Set as `fs.file.impl` for the runs aec starts.
 */
public final class LocalFiles extends LocalFileSystem {
    public LocalFiles() {
        super(new Raw());
        // A user's data has no `.crc` side files to check against; looking for one on every open
        // costs a failed open per image.
        setVerifyChecksum(false);
    }

    /** The raw file system under the checksums, with the listing that reads attributes in process. */
    static final class Raw extends RawLocalFileSystem {
        @Override
        public FileStatus[] listStatus(Path folder) throws IOException {
            java.nio.file.Path local = pathToFile(folder).toPath();
            if (!Files.isDirectory(local)) {
                return super.listStatus(folder);  // a file, or nothing: Hadoop's own answer
            }
            List<FileStatus> listed = new ArrayList<>();
            try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(local)) {
                for (java.nio.file.Path entry : entries) {
                    PosixFileAttributes attributes;
                    try {
                        attributes = Files.readAttributes(entry, PosixFileAttributes.class);
                    } catch (NoSuchFileException e) {
                        continue;  // gone since the folder was read, or a broken link: no file to read
                    } catch (UnsupportedOperationException e) {
                        return super.listStatus(folder);  // not a POSIX file system: Hadoop's own way
                    }
                    Path path = new Path(folder, entry.getFileName().toString())
                            .makeQualified(getUri(), getWorkingDirectory());
                    listed.add(new FileStatus(attributes.size(), attributes.isDirectory(), 1,
                            getDefaultBlockSize(path), attributes.lastModifiedTime().toMillis(),
                            attributes.lastAccessTime().toMillis(), FsPermission.valueOf(
                            (attributes.isDirectory() ? "d" : "-") + PosixFilePermissions.toString(attributes.permissions())),
                            attributes.owner().getName(), attributes.group().getName(), path));
                }
            }
            return listed.toArray(FileStatus[]::new);
        }
    }
}
