package dev.aec.runtime.data;

import java.util.Optional;

/** A dataset that cannot be found, read or trusted, described in plain words for the person running aec. */
public final class DataException extends Exception {

    private final String subject;
    private final String problem;
    private final Optional<String> help;

    /**
     * @param subject the file, directory or dataset at fault, as the user would recognise it
     * @param problem what is wrong with it, lowercase start, no final period
     */
    public DataException(String subject, String problem) {
        super(subject + ": " + problem);
        this.subject = subject;
        this.problem = problem;
        this.help = Optional.empty();
    }

    public DataException(String subject, String problem, Throwable cause) {
        super(subject + ": " + problem, cause);
        this.subject = subject;
        this.problem = problem;
        this.help = Optional.empty();
    }

    private DataException(String subject, String problem, Optional<String> help) {
        super(subject + ": " + problem);
        this.subject = subject;
        this.problem = problem;
        this.help = help;
    }

    /**
     * A problem with one concrete fix, shown apart from the message as a diagnostic's `help:`
     * line, e.g. "add `resize: true` to read every image at 28x28".
     */
    public static DataException withHelp(String subject, String problem, String help) {
        return new DataException(subject, problem, Optional.of(help));
    }

    /** The file, directory or dataset at fault. */
    public String subject() {
        return subject;
    }

    /** What is wrong with the subject. */
    public String problem() {
        return problem;
    }

    /** How to fix it, when there is one thing to say. */
    public Optional<String> help() {
        return help;
    }
}
