package dev.aec.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.source.SourceFile;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PositionsTest {
    private static final SourceFile FILE = new SourceFile("t.aemodel", "ab\r\ncd\ref\n\ud83d\ude00g\n");

    @ParameterizedTest(name = "offset {0} is line {1} character {2}")
    @CsvSource({"0,0,0", "2,0,2", "4,1,0", "5,1,1", "7,2,0", "10,3,0", "12,3,2", "14,4,0"})
    void offsetsAndPositionsRoundTripAcrossEveryLineEnding(int offset, int line, int character) {
        assertThat(Positions.position(FILE, offset)).isEqualTo(new Position(line, character));
        assertThat(Positions.offset(FILE, new Position(line, character))).isEqualTo(offset);
    }

    @ParameterizedTest(name = "line {0} character {1} clamps to offset {2}")
    @CsvSource({"0,99,2", "99,0,14", "-1,0,0"})
    void positionsPastTheTextAreClamped(int line, int character, int offset) {
        assertThat(Positions.offset(FILE, new Position(line, character))).isEqualTo(offset);
    }
}
