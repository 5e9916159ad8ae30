package dev.aec.runtime.train;

import dev.aec.runtime.data.DataException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A seeded split of a source's samples into those trained on and a held-out share (`split(0.1)`),
 * each list in ascending order. The same count, share and seed give the same split in every run and
 * every JVM: the shuffle draws from SplitMix64 (the generator of `java.util.SplittableRandom`,
 * written out here so that no JDK can change it), and a bounded draw rejects the values that would
 * bias it, as `java.util.Random.nextInt(bound)` does.
 */
public record HeldOutSplit(int[] train, int[] held) {
    /** Mixed into the seed, so the split is not the permutation the trainer's first epoch draws. */
    private static final long SALT = 0x5eed_5b17_0000_0001L;

    public HeldOutSplit {
        train = train.clone();
        held = held.clone();
    }

    /**
     * Holds out `count * share` samples rounded half up (`Math.round`), at least one, and trains on
     * the rest, at least one.
     *
     * @throws DataException when `count` is too small for both
     */
    public static HeldOutSplit of(int count, double share, long seed) throws DataException {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("a held-out share is between 0 and 1, exclusive: " + share);
        }
        int held = (int) Math.max(1, Math.round(count * share));
        if (held >= count) {
            throw new DataException(String.format(Locale.ROOT, "split(%s)", share), "the source holds " + count
                    + (count == 1 ? " sample" : " samples") + ": too few to hold out "
                    + (held == 1 ? "one" : held) + " and train on the rest");
        }
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SplitMix64 random = new SplitMix64(seed ^ SALT);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] heldOut = Arrays.copyOfRange(order, 0, held);
        int[] trained = Arrays.copyOfRange(order, held, count);
        Arrays.sort(heldOut);
        Arrays.sort(trained);
        return new HeldOutSplit(trained, heldOut);
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] held() {
        return held.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeldOutSplit s && Arrays.equals(s.train, train) && Arrays.equals(s.held, held);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(held);
    }

    @Override
    public String toString() {
        return train.length + " trained, " + held.length + " held out";
    }

    /** Steele, Lea and Flood's SplitMix64 (2014): a 64-bit counter through a mixing function. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = state += 0x9e3779b97f4a7c15L;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, bound): 31 random bits, redrawn when they fall in the biased tail. */
        int nextInt(int bound) {
            int bits;
            int value;
            do {
                bits = (int) (nextLong() >>> 33);
                value = bits % bound;
            } while (bits - value + (bound - 1) < 0);
            return value;
        }
    }
}
