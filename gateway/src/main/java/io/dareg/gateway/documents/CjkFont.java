package io.dareg.gateway.documents;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A font with Chinese glyphs, found among the system's fonts. Only TrueType outlines can be
 * embedded by PDFBox, so the CFF-based Noto CJK files do not qualify; WenQuanYi Zen Hei (Debian
 * package {@code fonts-wqy-zenhei}) is the one looked for first.
 */
public final class CjkFont {
  /** The Debian package that provides the font this class looks for first. */
  public static final String PACKAGE = "fonts-wqy-zenhei";
  /** A system property naming a TrueType (.ttf or .ttc) file to use instead. */
  public static final String PROPERTY = "dareg.cjkFont";

  private static final List<String> CANDIDATES = List.of(
      "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
      "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
      "/usr/share/fonts/truetype/arphic/uming.ttc",
      "/usr/local/share/fonts/wqy-zenhei.ttc");

  private final Path file;

  private CjkFont(Path file) {
    this.file = file;
  }

  /** The first CJK font found, or empty. */
  public static Optional<CjkFont> find() {
    List<String> places = new ArrayList<>();
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      places.add(configured);
    }
    places.addAll(CANDIDATES);
    return places.stream().map(Path::of).filter(Files::isReadable).findFirst().map(CjkFont::new);
  }

  /** The first CJK font found; fails saying which package to install when there is none. */
  public static CjkFont require() {
    return find().orElseThrow(() -> new IllegalStateException(
        "no font with Chinese glyphs was found (looked at " + String.join(", ", CANDIDATES)
            + "): install the Debian package " + PACKAGE + " (apt-get install -y " + PACKAGE
            + ") or point -D" + PROPERTY + " at a TrueType file"));
  }

  /** The font file. */
  public Path file() {
    return file;
  }

  /**
   * Loads the font into {@code doc}, embedding only the glyphs used. Close the answer after the
   * document is saved: a font collection is read lazily from its file.
   */
  Loaded load(PDDocument doc) throws IOException {
    if (!file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
      return new Loaded(PDType0Font.load(doc, file.toFile()), () -> { });
    }
    TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
    TrueTypeFont[] first = new TrueTypeFont[1];
    try {
      // Take the collection's first face: for Zen Hei, the proportional one.
      collection.processAllFonts(f -> {
        if (first[0] == null) {
          first[0] = f;
        }
      });
      if (first[0] == null) {
        throw new IOException(file + " holds no font");
      }
      return new Loaded(PDType0Font.load(doc, first[0], true), collection);
    } catch (IOException | RuntimeException e) {
      collection.close();
      throw e;
    }
  }

  /**
   * A font loaded into a document, with the file it reads from.
   *
   * @param font the font
   * @param source what to close once the document is saved
   */
  record Loaded(PDType0Font font, Closeable source) implements Closeable {
    @Override
    public void close() throws IOException {
      source.close();
    }
  }
}
