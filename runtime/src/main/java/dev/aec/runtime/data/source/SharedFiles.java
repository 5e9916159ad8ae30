package dev.aec.runtime.data.source;

import dev.aec.runtime.data.DataException;
import java.util.List;

/**
 * A folder on a file system that is not this machine's own (HDFS, S3, a path every machine of a
 * cluster mounts), as aec's readers need to see it: listed once, and each file read whole. The
 * Spark module provides it through Hadoop's file systems, which the runtime does not depend on.
 */
public interface SharedFiles {
    /** The folder as the user named it (`hdfs://namenode/digits/train`), for messages. */
    String root();

    /**
     * Every file below the folder, at any depth, each with its path below the folder (`/` between
     * names), its size and modification time.
     *
     * @throws DataException when the folder is missing, not a folder, or cannot be listed
     */
    List<Listed> list() throws DataException;

    /**
     * The bytes of the file at `relative` below the folder.
     *
     * @throws DataException when it cannot be read
     */
    byte[] read(String relative) throws DataException;

    /** One file below the folder. */
    record Listed(String relative, long size, long modifiedMillis) {
    }
}
