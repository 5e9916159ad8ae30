package dev.aec.runtime.data;

import java.util.Optional;

/** A dataset that cannot be found, read or trusted, described in plain words for the person running aec. */
public final class DataException extends Exception {

    private final String subject;
    private final String problem;
    private final Optional<String> help;
    private final Optional<Option> option;

    /**
     * The option of a data source whose value is at fault rather than the file, such as `columns`
     * naming a column the table lacks, so that `aec check` points at the option.
     *
     * @param name the option's name as written in a model file (`columns`, `array`)
     * @param label a few words to show under its value: `no such column`
     */
    public record Option(String name, String label) {
    }

    /**
     * @param subject the file, directory or dataset at fault, as the user would recognise it
     * @param problem what is wrong with it, lowercase start, no final period
     */
    public DataException(String subject, String problem) {
        super(subject + ": " + problem);
        this.subject = subject;
        this.problem = problem;
        this.help = Optional.empty();
        this.option = Optional.empty();
    }

    public DataException(String subject, String problem, Throwable cause) {
        super(subject + ": " + problem, cause);
        this.subject = subject;
        this.problem = problem;
        this.help = Optional.empty();
        this.option = Optional.empty();
    }

    private DataException(String subject, String problem, Optional<String> help, Optional<Option> option) {
        super(subject + ": " + problem);
        this.subject = subject;
        this.problem = problem;
        this.help = help;
        this.option = option;
    }

    /**
     * A problem with one concrete fix, shown apart from the message as a diagnostic's `help:`
     * line, e.g. "add `resize: true` to read every image at 28x28".
     */
    public static DataException withHelp(String subject, String problem, String help) {
        return new DataException(subject, problem, Optional.of(help), Optional.empty());
    }

    /** This problem, said to lie in the value of option `name` rather than in the file. */
    public DataException inOption(String name, String label) {
        DataException moved = new DataException(subject, problem, help, Optional.of(new Option(name, label)));
        if (getCause() != null) {
            moved.initCause(getCause());
        }
        return moved;
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

    /** The option whose value is at fault, when it is not the file. */
    public Optional<Option> option() {
        return option;
    }
}
