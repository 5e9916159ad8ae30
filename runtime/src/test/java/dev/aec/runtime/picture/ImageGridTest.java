package dev.aec.runtime.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {
    @Test
    void greyImagesSitOnAMidGreyBackgroundWrittenAsItIs() {
        BufferedImage image = new ImageGrid(28, 28, 4, 4).draw(new float[][][] {{new float[784]}});
        assertThat(image.getRaster().getSample(0, 0, 0)).isEqualTo(128);
        assertThat(image.getRaster().getSample(10, 10, 0)).isEqualTo(0);
    }

    @Test
    void colourImagesKeepTheirChannelsAndAlphaBlendsOverTheBackground() {
        float[] red = new float[2 * 2 * 3];
        float[] halfGreen = new float[2 * 2 * 4];
        for (int p = 0; p < 4; p++) {
            red[p * 3] = 1f;
            halfGreen[p * 4 + 1] = 1f;
            halfGreen[p * 4 + 3] = 0.5f;
        }
        BufferedImage rgb = new ImageGrid(2, 2, 3, 1, 1).draw(new float[][][] {{red}});
        assertThat(rgb.getRGB(1, 1) & 0xffffff).isEqualTo(0xff0000);
        BufferedImage rgba = new ImageGrid(2, 2, 4, 1, 1).draw(new float[][][] {{halfGreen}});
        assertThat(rgba.getRGB(1, 1) & 0xffffff).isEqualTo(0x40c040);
    }

    @Test
    void picturesAreDrawnForImageShapesAndSquareVectorsOnly() {
        assertThat(ImageGrid.forSample(List.of(28, 28, 1))).isPresent();
        assertThat(ImageGrid.forSample(List.of(64, 64, 3))).isPresent();
        assertThat(ImageGrid.forSample(List.of(28, 28))).isPresent();
        assertThat(ImageGrid.forSample(List.of(784))).isPresent();
        assertThat(ImageGrid.forSample(List.of(64))).isPresent();
        assertThat(ImageGrid.forSample(List.of(10))).isEmpty();
        assertThat(ImageGrid.forSample(List.of(8, 8, 2))).isEmpty();
    }
}
