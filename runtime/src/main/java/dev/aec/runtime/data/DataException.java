package dev.aec.runtime.data;

/** A dataset that cannot be found, read or trusted, described in plain words for the person running aec. */
public final class DataException extends Exception {

    private final String subject;
    private final String problem;

    /**
     * @param subject the file, directory or dataset at fault, as the user would recognise it
     * @param problem what is wrong with it, lowercase start, no final period
     */
    public DataException(String subject, String problem) {
        super(subject + ": " + problem);
        this.subject = subject;
        this.problem = problem;
    }

    public DataException(String subject, String problem, Throwable cause) {
        super(subject + ": " + problem, cause);
        this.subject = subject;
        this.problem = problem;
    }

    /** The file, directory or dataset at fault. */
    public String subject() {
        return subject;
    }

    /** What is wrong with the subject. */
    public String problem() {
        return problem;
    }
}
