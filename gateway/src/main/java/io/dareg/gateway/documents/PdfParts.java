package io.dareg.gateway.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;

/**
 * What the dareg PDFs share besides their page layout: the machine-readable record they carry as an
 * embedded JSON file (so that a reader can check the printed pages against it), and PDF dates.
 */
final class PdfParts {
  private PdfParts() {}

  /**
   * Embeds {@code json} as the document's attached file {@code name}, described by {@code
   * description}, created at {@code created} (null: no creation date).
   */
  static void attachJson(PDDocument doc, String name, byte[] json, String description, Instant created) throws IOException {
    PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(json));
    file.setSubtype("application/json");
    file.setSize(json.length);
    if (created != null) {
      file.setCreationDate(calendar(created));
    }
    PDComplexFileSpecification spec = new PDComplexFileSpecification();
    spec.setFile(name);
    spec.setFileUnicode(name);
    spec.setEmbeddedFile(file);
    spec.setEmbeddedFileUnicode(file);
    spec.setFileDescription(description);
    PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
    tree.setNames(Map.of(name, spec));
    PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
    names.setEmbeddedFiles(tree);
    doc.getDocumentCatalog().setNames(names);
  }

  /** {@code t} as a PDF date (UTC). */
  static Calendar calendar(Instant t) {
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.setTimeInMillis(t.toEpochMilli());
    return c;
  }
}
