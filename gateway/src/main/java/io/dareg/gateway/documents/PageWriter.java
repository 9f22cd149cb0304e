package io.dareg.gateway.documents;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Lays a document's text out top to bottom on A4 pages in a CJK font, label beside value, starting a
 * new page when one is full; prints a QR code and a footer on the current page.
 */
final class PageWriter {
  private static final float MARGIN = 56;
  private static final float LABEL_WIDTH = 120;
  private static final float QR_SIZE = 112;

  private final PDDocument doc;
  private final PDType0Font font;
  private PDPage page;
  private PDPageContentStream out;
  private float y;

  PageWriter(PDDocument doc, PDType0Font font) {
    this.doc = doc;
    this.font = font;
  }

  void newPage() throws IOException {
    close();
    page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    out = new PDPageContentStream(doc, page);
    PDRectangle box = page.getMediaBox();
    out.setLineWidth(1.5f);
    out.addRect(MARGIN / 2, MARGIN / 2, box.getWidth() - MARGIN, box.getHeight() - MARGIN);
    out.stroke();
    y = box.getHeight() - MARGIN - 20;
  }

  void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }

  float width() {
    return page.getMediaBox().getWidth() - 2 * MARGIN;
  }

  void gap(float h) {
    y -= h;
  }

  void centred(String text, float size) throws IOException {
    String t = printable(text);
    float w = font.getStringWidth(t) / 1000 * size;
    text(t, (page.getMediaBox().getWidth() - w) / 2, y - size, size);
    y -= size * 1.5f;
  }

  void field(String label, String value) throws IOException {
    float size = 11;
    List<String> lines = wrap(printable(value), width() - LABEL_WIDTH, size);
    if (y - lines.size() * size * 1.5f < MARGIN + 20) {
      newPage();
    }
    text(label, MARGIN, y - size, size);
    for (String line : lines) {
      text(line, MARGIN + LABEL_WIDTH, y - size, size);
      y -= size * 1.5f;
    }
    y -= 3;
  }

  /**
   * A horizontal bar chart drawn with lines and filled rectangles: one bar per label, lengths to
   * scale with the largest value, each value printed at the end of its bar.
   */
  void bars(List<String> labels, List<Long> values) throws IOException {
    float size = 9;
    float row = 15;
    float labelWidth = 150;
    float chartWidth = width() - labelWidth - 40;
    if (y - labels.size() * row < MARGIN + 30) {
      newPage();
    }
    long max = Math.max(1, values.stream().mapToLong(Long::longValue).max().orElse(1));
    float left = MARGIN + labelWidth;
    float top = y;
    for (int i = 0; i < labels.size(); i++) {
      float base = y - row + 3;
      text(printable(labels.get(i)), MARGIN, base + 1, size);
      float length = chartWidth * values.get(i) / max;
      if (values.get(i) > 0) {
        out.setNonStrokingColor(0.16f, 0.38f, 0.66f);
        out.addRect(left, base - 1, Math.max(length, 1), row - 5);
        out.fill();
        out.setNonStrokingColor(0f, 0f, 0f);
      }
      text(String.valueOf(values.get(i)), left + length + 4, base + 1, size);
      y -= row;
    }
    // The axis the bars grow from.
    out.setLineWidth(0.8f);
    out.moveTo(left, top);
    out.lineTo(left, y);
    out.stroke();
    y -= 6;
  }

  void footer(String text) throws IOException {
    float size = 8;
    float at = MARGIN + 4;
    for (String line : wrap(printable(text), width(), size)) {
      text(line, MARGIN, at, size);
      at -= size * 1.4f;
    }
  }

  void qr(String url) throws IOException {
    BitMatrix m;
    try {
      m = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.MARGIN, 0, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.CHARACTER_SET, "UTF-8"));
    } catch (WriterException e) {
      throw new IOException("the verify address cannot be put in a QR code: " + e.getMessage(), e);
    }
    float module = QR_SIZE / m.getWidth();
    float left = page.getMediaBox().getWidth() - MARGIN - QR_SIZE;
    float bottom = MARGIN + 40;
    // A white quiet zone of four modules, then one filled square per dark module.
    out.setNonStrokingColor(1f, 1f, 1f);
    out.addRect(left - 4 * module, bottom - 4 * module, QR_SIZE + 8 * module, QR_SIZE + 8 * module);
    out.fill();
    out.setNonStrokingColor(0f, 0f, 0f);
    // Each horizontal run of dark modules as one rectangle: no hairline seams between modules.
    for (int row = 0; row < m.getHeight(); row++) {
      int col = 0;
      while (col < m.getWidth()) {
        if (!m.get(col, row)) {
          col++;
          continue;
        }
        int start = col;
        while (col < m.getWidth() && m.get(col, row)) {
          col++;
        }
        out.addRect(left + start * module, bottom + QR_SIZE - (row + 1) * module, (col - start) * module, module * 1.02f);
      }
    }
    out.fill();
    text("扫码查验 / Scan to verify", left, bottom - 14, 8);
    List<String> lines = wrap(printable(url), width() - QR_SIZE - 20, 7);
    float at = bottom + QR_SIZE - 7;
    for (String line : lines) {
      text(line, MARGIN, at, 7);
      at -= 9;
    }
  }

  private void text(String t, float x, float baseline, float size) throws IOException {
    out.beginText();
    out.setFont(font, size);
    out.newLineAtOffset(x, baseline);
    out.showText(t);
    out.endText();
  }

  private List<String> wrap(String text, float width, float size) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String c = new String(Character.toChars(cp));
      if (line.length() > 0 && font.getStringWidth(line + c) / 1000 * size > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(c);
      i += Character.charCount(cp);
    }
    lines.add(line.toString());
    return lines;
  }

  /** Controls become spaces and characters the font lacks become '?', so odd input cannot stop a rendering. */
  private String printable(String text) throws IOException {
    StringBuilder b = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (Character.isISOControl(cp)) {
        b.append(' ');
        return;
      }
      String c = new String(Character.toChars(cp));
      try {
        font.encode(c);
        b.append(c);
      } catch (IOException | IllegalArgumentException e) {
        b.append('?');
      }
    });
    return b.toString();
  }
}
