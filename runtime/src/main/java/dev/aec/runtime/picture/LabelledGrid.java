package dev.aec.runtime.picture;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Rows of grey images with a title, a label left of each row and optional labels above the
 * columns: the sample, interpolation and denoising pictures.
 */
public final class LabelledGrid {
    private static final int GAP = 3;

    private final int height;
    private final int width;
    private final int scale;

    public LabelledGrid(int height, int width, int scale) {
        this.height = height;
        this.width = width;
        this.scale = scale;
    }

    /**
     * `rows[r][c]` is one image, row-major values in [0, 1]. `rowLabels` has one entry per row
     * (or none); `columnLabels` one per column (or none).
     */
    public BufferedImage draw(String title, float[][][] rows, List<String> rowLabels, List<String> columnLabels) {
        int columns = 0;
        for (float[][] row : rows) {
            columns = Math.max(columns, row.length);
        }
        int cellW = width * scale;
        int cellH = height * scale;
        BufferedImage probe = Drawing.canvas(1, 1);
        Graphics2D pg = Drawing.graphics(probe);
        int labelW = 0;
        for (String l : rowLabels) {
            labelW = Math.max(labelW, pg.getFontMetrics().stringWidth(l));
        }
        pg.dispose();
        int left = rowLabels.isEmpty() ? 12 : labelW + 20;
        int top = 34 + (columnLabels.isEmpty() ? 0 : 20);
        int imageW = Math.max(left + columns * (cellW + GAP) + 12, 320);
        int imageH = top + rows.length * (cellH + GAP) + 10;
        BufferedImage image = Drawing.canvas(imageW, imageH);
        Graphics2D g = Drawing.graphics(image);
        g.setFont(Drawing.TITLE);
        // A title wider than the grid gets a smaller font (down to 10 points) rather than a cut.
        while (g.getFontMetrics().stringWidth(title) > imageW - 24 && g.getFont().getSize() > 10) {
            g.setFont(g.getFont().deriveFont((float) g.getFont().getSize() - 1));
        }
        g.drawString(title, 12, 22);
        g.setFont(Drawing.TEXT);
        for (int c = 0; c < columnLabels.size(); c++) {
            Drawing.centred(g, columnLabels.get(c), left + c * (cellW + GAP) + cellW / 2, top - 6);
        }
        for (int r = 0; r < rows.length; r++) {
            int y0 = top + r * (cellH + GAP);
            if (r < rowLabels.size()) {
                Drawing.rightAligned(g, rowLabels.get(r), left - 10, y0 + cellH / 2);
            }
            for (int c = 0; c < rows[r].length; c++) {
                int x0 = left + c * (cellW + GAP);
                g.drawImage(Drawing.grey(rows[r][c], height, width), x0, y0, cellW, cellH, null);
            }
        }
        g.dispose();
        return image;
    }

    public void writePng(String title, float[][][] rows, List<String> rowLabels, List<String> columnLabels,
                         OutputStream out) throws IOException {
        Drawing.png(draw(title, rows, rowLabels, columnLabels), out);
    }
}
