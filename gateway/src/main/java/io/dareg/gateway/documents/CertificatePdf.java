package io.dareg.gateway.documents;

import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.model.ChinaTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * The paper form of a registration certificate (REQUIREMENTS.md §6): every field with its Chinese
 * label, a QR code to the public verify page, the encumbrance page and the evidence annex, and the
 * signed certificate JSON attached as an embedded file, so the printout and the electronic form
 * carry the same content and the PDF alone can be verified offline.
 */
public final class CertificatePdf {
  /** The media type of the rendering. */
  public static final String MEDIA_TYPE = "application/pdf";


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
      PageWriter w = new PageWriter(doc, loaded.font());
      w.newPage();
      w.centred(p.certificateName(), 24);
      w.centred("Data Asset Registration Certificate", 11);
      w.gap(14);
      w.field("证书编号", p.certNo() + "（第 " + p.version() + " 版）");
      w.field("登记编号", p.regNo());
      w.field("登记机构", p.registryName());
      List<String> holders = new ArrayList<>();
      for (CertificatePayload.Holder h : p.holders()) {
        holders.add(h.name() + "（账户 " + h.accountId() + (h.share() == null ? "" : "，权益比例 " + h.share()) + "）");
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

      PdfParts.attachJson(doc, attachmentName(p.certNo()), signedJson,
          "The signed certificate (" + Certificate.MEDIA_TYPE + "); verify it with `dareg verify`", p.issuedAt());
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(p.certificateName() + " " + p.certNo());
      info.setSubject(p.assetName());
      info.setAuthor(p.registryName());
      info.setCreationDate(PdfParts.calendar(p.issuedAt()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static String date(Instant t) {
    java.time.LocalDate d = t.atZone(ChinaTime.ZONE).toLocalDate();
    return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
  }
}
