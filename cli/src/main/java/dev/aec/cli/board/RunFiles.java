package dev.aec.cli.board;

import dev.aec.runtime.run.EpochPictures;
import dev.aec.runtime.run.RunCatalog;
import dev.aec.runtime.run.RunDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The files of a run the board may serve: pictures, JSON and CSV files directly in the run
 * directory, and the epochs' pictures in `epochs/`. Names are matched against these patterns
 * before any file is touched; a match is served only if it is a regular file, not a link, whose
 * real place is inside the folder the board shows.
 */
final class RunFiles {
    /** Visible names with a known type; aec's temporary files begin with a dot. */
    private static final Pattern TOP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.(png|json|csv)");

    private RunFiles() {
    }

    /** The content type of a name {@link #resolve} may serve. */
    static String contentType(String name) {
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        return "text/csv; charset=utf-8";
    }

    /** The file `segments` names inside `run`, when it is one the board serves and it is there. */
    static Optional<Path> resolve(Path root, RunCatalog.Entry run, List<String> segments) throws IOException {
        Path target;
        if (segments.size() == 1 && TOP.matcher(segments.get(0)).matches()) {
            target = run.dir().resolve(segments.get(0));
        } else if (segments.size() == 2 && segments.get(0).equals(RunDirectory.EPOCHS)
                && EpochPictures.epochOf(segments.get(1)).isPresent()) {
            target = run.dir().resolve(RunDirectory.EPOCHS).resolve(segments.get(1));
        } else {
            return Optional.empty();
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        // A linked folder on the way (`epochs` pointing elsewhere) shows in the real path.
        Path real = target.toRealPath();
        return real.startsWith(root.toRealPath()) ? Optional.of(real) : Optional.empty();
    }

    /** The files directly in the run directory the board serves, by name, sorted. */
    static List<String> listed(RunCatalog.Entry run) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(run.dir())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (TOP.matcher(name).matches() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            // A run removed while it was listed: it has no files left to show.
        }
        names.sort(String::compareTo);
        return names;
    }

    /** One epoch's picture: the epoch (from 1) and the file's path in the run, `epochs/epoch-003.png`. */
    record Picture(int epoch, String file) {
    }

    /** The epochs' pictures in `epochs/`, in order of epoch. */
    static List<Picture> epochPictures(RunCatalog.Entry run) {
        List<Picture> pictures = new ArrayList<>();
        Path folder = run.dir().resolve(RunDirectory.EPOCHS);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return pictures;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                OptionalInt epoch = EpochPictures.epochOf(name);
                if (epoch.isPresent() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    pictures.add(new Picture(epoch.getAsInt(), RunDirectory.EPOCHS + "/" + name));
                }
            }
        } catch (IOException e) {
            // Being replaced by `--force` while listed: no pictures for now, the next poll sees the new ones.
        }
        pictures.sort(java.util.Comparator.comparingInt(Picture::epoch).thenComparing(Picture::file));
        return pictures;
    }
}
