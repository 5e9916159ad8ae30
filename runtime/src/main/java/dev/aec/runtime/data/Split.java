package dev.aec.runtime.data;

/** Which half of a dataset: the training set or the test set. */
public enum Split {
    TRAIN,
    TEST;

    /** The IDX file holding this split's images. */
    public DatasetFile images() {
        return switch (this) {
            case TRAIN -> DatasetFile.TRAIN_IMAGES;
            case TEST -> DatasetFile.TEST_IMAGES;
        };
    }

    /** The IDX file holding this split's labels. */
    public DatasetFile labels() {
        return switch (this) {
            case TRAIN -> DatasetFile.TRAIN_LABELS;
            case TEST -> DatasetFile.TEST_LABELS;
        };
    }
}
