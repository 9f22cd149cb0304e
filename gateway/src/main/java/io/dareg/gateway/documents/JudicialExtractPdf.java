package io.dareg.gateway.documents;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.model.ChinaTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The judicial extract (司法存证摘录) as PDF: every record of the asset's evidence chain, who and
 * when, with transaction ids, block numbers and hashes; the extract's canonical JSON attached; and
 * a PDF digital signature (adbe.pkcs7.detached: a CMS signature by the registry's issuing key,
 * carrying the issuing certificate and the root) over the whole file, so a court can check offline
 * that neither the pages nor the attached JSON changed since the registry issued it.
 */
public final class JudicialExtractPdf {
  /** The media type of the rendering. */
  public static final String MEDIA_TYPE = "application/pdf";

  private static final DateTimeFormatter CHINA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ChinaTime.ZONE);
  private static final Map<String, String> RECORD = Map.ofEntries(
      Map.entry("evidence", "存证"), Map.entry("registration", "登记"), Map.entry("review", "审查意见"),
      Map.entry("objection", "异议"), Map.entry("certificate", "证书"), Map.entry("encumbrance", "他项权利"),
      Map.entry("transfer", "转让"), Map.entry("listingCheck", "挂牌核验"), Map.entry("trade", "交易"),
      Map.entry("delivery", "交付"));

  private final CjkFont cjk;
  private final BouncyCastleProvider bc = new BouncyCastleProvider();

  /** A renderer writing Chinese with {@code cjk}. */
  public JudicialExtractPdf(CjkFont cjk) {
    this.cjk = cjk;
  }

  /** The name the extract's JSON is attached under. */
  public static String attachmentName(String regNo) {
    return regNo + "-extract.json";
  }

  /**
   * Renders and signs {@code extract}.
   *
   * @param extract the extract as built by {@code JudicialExtract}
   * @param key the registry's issuing key
   * @param algorithm its algorithm
   * @param chain the issuing certificate, then the root
   */
  public byte[] render(JsonNode extract, PrivateKey key, SignatureAlgorithm algorithm, List<X509Certificate> chain)
      throws IOException {
    String regNo = extract.path("regNo").asText();
    Instant at = Instant.parse(extract.path("extractedAt").asText());
    byte[] json = CanonicalJson.serialize(extract);
    byte[] unsigned;
    try (PDDocument doc = new PDDocument(); CjkFont.Loaded loaded = cjk.load(doc)) {
      PageWriter w = new PageWriter(doc, loaded.font());
      w.newPage();
      w.centred("司法存证摘录", 24);
      w.centred("Judicial extract of an asset's evidence chain", 11);
      w.gap(10);
      JsonNode asset = extract.path("asset");
      w.field("登记编号", regNo);
      w.field("数据资产", asset.path("name").asText() + "（版本 " + asset.path("version").asText() + "）");
      w.field("当前状态", asset.path("status").asText() + "，登记规则 " + asset.path("profile").asText());
      w.field("权利人账户", join(asset.path("holders")));
      w.field("登记机构", extract.path("registryName").asText());
      w.field("摘录时间", CHINA_TIME.format(at) + "（北京时间）");
      w.field("摘录人", who(extract.path("extractedBy")));
      w.field("链高度", extract.path("ledgerHeight").asText() + "（摘录依据区块 0 至 " + (extract.path("ledgerHeight").asLong() - 1) + "）");
      w.field("记录数", extract.path("records").size() + " 条");
      w.gap(8);
      w.centred("证据链记录 Records", 14);
      for (JsonNode r : extract.path("records")) {
        w.gap(4);
        w.field("#" + r.path("seq").asText() + " " + RECORD.getOrDefault(r.path("record").asText(), r.path("record").asText()),
            r.path("number").asText() + "：" + r.path("state").asText());
        w.field("时间", CHINA_TIME.format(Instant.parse(r.path("time").asText())) + "（北京时间）");
        w.field("交易", r.path("transaction").asText("—") + "，交易编号 " + r.path("txId").asText());
        w.field("区块", r.path("block").isNull() ? "—" : r.path("block").asText());
        if (r.path("parties").size() > 0) {
          StringBuilder parties = new StringBuilder();
          r.path("parties").fields().forEachRemaining(p -> parties.append(parties.length() > 0 ? "；" : "")
              .append(p.getKey()).append(" ").append(p.getValue().isObject() ? who(p.getValue()) : p.getValue().isArray() ? join(p.getValue()) : p.getValue().asText()));
          w.field("当事方", parties.toString());
        }
        w.field("签署者", r.path("signedBy").isNull() ? "无签名请求（服务交易或旧账本）" : who(r.path("signedBy")) + "（规则已验证签名）");
        w.field("提交者", r.path("sentBy").isNull() ? "本网关审计日志无记录" : who(r.path("sentBy")));
        w.field("结果哈希", r.path("resultHash").isNull() ? "—" : "SHA-256 " + r.path("resultHash").asText());
        if (r.hasNonNull("log")) { // issue 24: the record's transaction in the witnessed log, its receipt in the attached JSON
          w.field("透明日志", r.path("log").asText());
        }
      }
      if (extract.path("signatures").size() > 0) {
        w.gap(8);
        w.centred("登记机构签名 Signatures", 14);
        for (JsonNode s : extract.path("signatures")) {
          w.field("文件", s.path("document").asText());
          w.field("证书哈希", s.path("certificateHash").asText());
          w.field("签名", s.path("signature").path("algorithm").asText() + "，密钥 " + s.path("signature").path("keyId").asText());
          w.field("签名值", s.path("signature").path("value").asText());
        }
      }
      w.footer("本摘录由登记机构依据登记链记录生成，并以登记机构签发密钥进行数字签名（PDF 签名，CMS/PKCS#7）。"
          + "所附 " + attachmentName(regNo) + " 为摘录的规范 JSON，含各交易的已提交结果，可重算结果哈希；"
          + "用 dareg report check-extract 可离线核验签名、证书链与附件。");
      w.close();
      PdfParts.attachJson(doc, attachmentName(regNo), json,
          "The extract as canonical JSON; check the signed PDF with `dareg report check-extract`", at);
      doc.getDocumentInformation().setTitle("司法存证摘录 " + regNo);
      doc.getDocumentInformation().setAuthor(extract.path("registryName").asText());
      doc.getDocumentInformation().setCreationDate(PdfParts.calendar(at));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      unsigned = out.toByteArray();
    }
    return sign(unsigned, at, extract.path("registryName").asText(), key, algorithm, chain);
  }

  /** Adds the signature as an incremental update, so the signed revision is the document above. */
  private byte[] sign(byte[] pdf, Instant at, String registryName, PrivateKey key, SignatureAlgorithm algorithm,
      List<X509Certificate> chain) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDSignature signature = new PDSignature();
      signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
      signature.setName(registryName);
      signature.setReason("司法存证摘录 / judicial extract");
      signature.setSignDate(PdfParts.calendar(at));
      doc.addSignature(signature, content -> cms(content, key, algorithm, chain));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out);
      return out.toByteArray();
    }
  }

  private byte[] cms(InputStream content, PrivateKey key, SignatureAlgorithm algorithm, List<X509Certificate> chain)
      throws IOException {
    try {
      String alg = algorithm == SignatureAlgorithm.SM2_SM3 ? "SM3withSM2" : "SHA256withECDSA";
      CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
      gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
          new JcaDigestCalculatorProviderBuilder().setProvider(bc).build())
          .build(new JcaContentSignerBuilder(alg).setProvider(bc).build(key), chain.get(0)));
      gen.addCertificates(new JcaCertStore(chain));
      return gen.generate(new CMSProcessableByteArray(content.readAllBytes()), false).getEncoded();
    } catch (OperatorCreationException | CertificateEncodingException | CMSException e) {
      throw new IOException("cannot sign the extract: " + e.getMessage(), e);
    }
  }

  private static String who(JsonNode identity) {
    return identity.path("msp").asText() + " / " + identity.path("id").asText();
  }

  private static String join(JsonNode array) {
    StringBuilder b = new StringBuilder();
    array.forEach(v -> b.append(b.length() > 0 ? "、" : "").append(v.isObject() ? who(v) : v.asText()));
    return b.length() == 0 ? "—" : b.toString();
  }
}
