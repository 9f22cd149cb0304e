package io.dareg.gateway.documents;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The paper form of a registration certificate (REQUIREMENTS.md §6): every field with its Chinese
 * label, a QR code to the public verify page, the encumbrance page and the evidence annex, and the
 * signed certificate JSON attached as an embedded file, so the printout and the electronic form
 * carry the same content and the PDF alone can be verified offline.
 */
public final class CertificatePdf {
  /** The media type of the rendering. */
  public static final String MEDIA_TYPE = "application/pdf";

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final float MARGIN = 56;
  private static final float LABEL_WIDTH = 120;
  private static final float QR_SIZE = 112;

  private final CjkFont cjk;

  /** A renderer writing Chinese with {@code cjk}. */
  public CertificatePdf(CjkFont cjk) {
    this.cjk = cjk;
  }

  /** The name the signed certificate is attached under. */
  public static String attachmentName(String certNo) {
    return certNo + ".json";
  }

  /**
   * Renders {@code cert}.
   *
   * @param signedJson the certificate document exactly as signed and stored, to attach
   * @param verifyUrl what the QR code encodes: the public verify page for this certificate
   */
  public byte[] render(Certificate cert, byte[] signedJson, String verifyUrl) throws IOException {
    CertificatePayload p = cert.payload();
    try (PDDocument doc = new PDDocument(); CjkFont.Loaded loaded = cjk.load(doc)) {
      Writer w = new Writer(doc, loaded.font());
      w.newPage();
      w.centred(p.certificateName(), 24);
      w.centred("Data Asset Registration Certificate", 11);
      w.gap(14);
      w.field("证书编号", p.certNo() + "（第 " + p.version() + " 版）");
      w.field("登记编号", p.regNo());
      w.field("登记机构", p.registryName());
      List<String> holders = new ArrayList<>();
      for (CertificatePayload.Holder h : p.holders()) {
        holders.add(h.name() + "（账户 " + h.accountId() + "）");
      }
      w.field("权利人", String.join("；", holders));
      w.field("数据资产名称", p.assetName());
      w.field("资产版本", p.assetVersion());
      w.field("资产形态", p.assetForm().label());
      w.field("权利类型", p.rightType().label());
      w.field("取得方式", p.acquisition().label());
      w.field("更新频率", p.updateFrequency().label());
      w.field("应用场景", p.scenarios().isEmpty() ? "—" : String.join("、", p.scenarios()));
      w.field("使用范围", p.scope() == null ? "—" : p.scope());
      w.field("登记规则", p.profile());
      w.field("发证日期", date(p.issuedAt()));
      w.field("有效期", date(p.validFrom()) + " 至 " + (p.validUntil() == null ? "长期" : date(p.validUntil())));
      w.field("他项权利", p.encumbrances().isEmpty() ? "无（见权利负担页）" : p.encumbrances().size() + " 项（见权利负担页）");
      w.field("证书哈希", cert.certificateHash());
      w.field("签名", cert.signature().algorithm() + "，密钥 " + cert.signature().keyId());
      w.qr(verifyUrl);
      w.footer("电子证书与纸质证书具有同等效力。本文件附有签名的电子证书（" + attachmentName(p.certNo())
          + "），可离线核验；扫描二维码可在线查验证书是否仍然有效。");

      w.newPage();
      w.centred("权利负担页", 18);
      w.centred("Encumbrances", 11);
      w.gap(10);
      if (p.encumbrances().isEmpty()) {
        w.field("他项权利", "无");
      }
      for (CertificatePayload.EncumbranceEntry e : p.encumbrances()) {
        w.field("编号", e.encumbranceNo());
        w.field("类型", e.kind().label());
        w.field("相对方", e.counterparty());
        w.field("范围", e.scope() == null ? "—" : e.scope());
        w.field("期限", e.from() + " 至 " + (e.until() == null ? "未定" : e.until().toString()));
        w.gap(8);
      }
      w.gap(10);
      w.centred("存证附件", 18);
      w.centred("Evidence annex", 11);
      w.gap(10);
      if (p.evidence().isEmpty()) {
        w.field("存证", "无");
      }
      for (CertificatePayload.EvidenceEntry e : p.evidence()) {
        w.field("存证编号", e.evidenceNo());
        w.field("哈希算法", e.algorithm());
        w.field("数据哈希", e.hash());
        if (e.merkleRoot() != null) {
          w.field("默克尔根", e.merkleRoot());
        }
        w.gap(8);
      }
      w.close();

      attach(doc, p, signedJson);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(p.certificateName() + " " + p.certNo());
      info.setSubject(p.assetName());
      info.setAuthor(p.registryName());
      info.setCreationDate(calendar(p.issuedAt()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static void attach(PDDocument doc, CertificatePayload p, byte[] signedJson) throws IOException {
    PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(signedJson));
    file.setSubtype("application/json");
    file.setSize(signedJson.length);
    file.setCreationDate(calendar(p.issuedAt()));
    PDComplexFileSpecification spec = new PDComplexFileSpecification();
    String name = attachmentName(p.certNo());
    spec.setFile(name);
    spec.setFileUnicode(name);
    spec.setEmbeddedFile(file);
    spec.setEmbeddedFileUnicode(file);
    spec.setFileDescription("The signed certificate (" + Certificate.MEDIA_TYPE + "); verify it with `dareg verify`");
    PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
    tree.setNames(Map.of(name, spec));
    PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
    names.setEmbeddedFiles(tree);
    doc.getDocumentCatalog().setNames(names);
  }

  private static String date(Instant t) {
    java.time.LocalDate d = t.atZone(CHINA).toLocalDate();
    return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
  }

  private static Calendar calendar(Instant t) {
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.setTimeInMillis(t.toEpochMilli());
    return c;
  }

  /** Lays text out top to bottom, starting a new page when one is full. */
  private static final class Writer {
    private final PDDocument doc;
    private final PDType0Font font;
    private PDPage page;
    private PDPageContentStream out;
    private float y;

    Writer(PDDocument doc, PDType0Font font) {
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
}
